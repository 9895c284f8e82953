import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { bulletinKindLabels, bulletinKinds, bulletinStateLabels, bulletinStates } from '../../../domain/bulletin';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { CountStrip } from '../../components/CountStrip';
import { formatTime } from '../../lib/format';
import { IssueBulletinModal } from './IssueBulletinModal';
import type { Bulletin, BulletinList } from './types';

const stateColors = { issued: 'red', acknowledged: 'orange', closed: 'green', revoked: 'default' } as const;

/** 通报约谈: the list in the reader's scope (a school sees what was addressed to it), its counts, and 发出 for issuers. */
export default function BulletinsPage() {
  const [params, setParams] = useSearchParams();
  const [page, setPage] = useState(1);
  const [issuing, setIssuing] = useState(false);
  const query = {
    state: params.get('state') ?? undefined,
    kind: params.get('kind') ?? undefined,
    mine: params.get('mine') ?? undefined,
    issuerUnitId: params.get('issuerUnitId') ?? undefined,
    page,
    pageSize: 20,
  };
  const list = useLoad(() => api.get<BulletinList>('/api/bulletins', query), JSON.stringify(query));
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next);
    setPage(1);
  };
  const c = list.data?.counts;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <CountStrip
        testIdPrefix="bulletin-count"
        loading={list.loading}
        items={[
          { key: 'issued', title: '待签收反馈', value: c?.issued, alert: true },
          { key: 'acknowledged', title: '已反馈待跟进', value: c?.acknowledged },
          { key: 'closed', title: '已办结', value: c?.closed },
        ]}
      />
      <Card
        title="通报、约谈与挂牌督办"
        extra={
          list.data?.canIssue && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setIssuing(true)}>
              发出通报/约谈
            </Button>
          )
        }
      >
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            allowClear
            placeholder="类型"
            style={{ width: 140 }}
            value={query.kind}
            onChange={(v) => set('kind', v)}
            options={bulletinKinds.map((k) => ({ value: k, label: bulletinKindLabels[k] }))}
          />
          <Select
            allowClear
            placeholder="状态"
            style={{ width: 150 }}
            value={query.state}
            onChange={(v) => set('state', v)}
            options={bulletinStates.map((s) => ({ value: s, label: bulletinStateLabels[s] }))}
          />
          {query.mine && (
            <Tag closable onClose={() => set('mine', undefined)}>
              发给本单位的
            </Tag>
          )}
          {query.issuerUnitId && (
            <Tag closable onClose={() => set('issuerUnitId', undefined)}>
              本单位发出的
            </Tag>
          )}
        </Space>
        {list.error && <Alert type="error" showIcon title={list.error} />}
        <Table<Bulletin>
          rowKey="id"
          size="small"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 900 }}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showTotal: (n) => `共 ${n} 条` }}
          columns={[
            { title: '文号', dataIndex: 'number', key: 'number', render: (v: string, b) => <Link to={`/bulletins/${b.id}`}>{v}</Link> },
            {
              title: '类型',
              dataIndex: 'kindLabel',
              key: 'kind',
              width: 100,
              render: (v: string, b) => <Tag color={b.kind === 'criticism' ? 'volcano' : b.kind === 'summons' ? 'gold' : 'purple'}>{v}</Tag>,
            },
            { title: '被通报单位', dataIndex: 'unitName', key: 'unit' },
            { title: '标题', dataIndex: 'title', key: 'title', render: (v: string, b) => <Link to={`/bulletins/${b.id}`}>{v}</Link> },
            { title: '发出单位', dataIndex: 'issuerUnitName', key: 'issuer' },
            { title: '发出时间', dataIndex: 'issuedAt', key: 'at', width: 150, render: (v: string) => formatTime(v) },
            {
              title: '状态',
              dataIndex: 'state',
              key: 'state',
              width: 150,
              render: (_: unknown, b) => (
                <Space size={4}>
                  <Tag color={stateColors[b.state]}>{b.stateLabel}</Tag>
                  {b.overdue && <Tag color="red">逾期未反馈</Tag>}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <IssueBulletinModal open={issuing} onClose={() => setIssuing(false)} />
    </Space>
  );
}
