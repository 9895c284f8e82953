import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { CreateCampaignDrawer } from './CreateCampaignDrawer';
import { type Campaign, type CampaignList, stateColor } from './campaignApi';

/**
 * 专项行动: the district's campaigns (a school sees those it takes part in), their phases and
 * where they stand; the district admin starts one from a template of the policy pack.
 */
export default function CampaignsPage() {
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? undefined;
  const list = useLoad(() => api.get<CampaignList>('/api/campaigns', { status }), `campaigns:${status}`);
  const [creating, setCreating] = useState(false);

  const columns: ColumnsType<Campaign> = [
    { title: '行动名称', key: 'name', render: (_, c) => <Link to={`/campaigns/${c.id}`}>{c.name}</Link> },
    { title: '类型', dataIndex: 'kindLabel', width: 140 },
    { title: '起止日期', key: 'span', width: 210, render: (_, c) => `${c.startsOn} 至 ${c.endsOn}` },
    {
      title: '阶段',
      key: 'phases',
      render: (_, c) => (
        <Space size={4} wrap>
          {c.phases.map((p) => (
            <Tag key={p.code} color={stateColor[p.state]} title={`${p.startsOn} 至 ${p.endsOn}`}>
              {p.label}·{p.stateLabel}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: '状态',
      dataIndex: 'statusLabel',
      width: 90,
      render: (v: string, c) => <Tag color={c.running ? 'blue' : c.status === 'closed' ? 'default' : 'orange'}>{v}</Tag>,
    },
    { title: '发起人', dataIndex: 'createdByName', width: 100 },
  ];

  return (
    <Card
      title="专项行动"
      extra={
        <Space>
          <Select
            allowClear
            placeholder="全部状态"
            style={{ width: 120 }}
            value={status}
            options={[
              { value: 'open', label: '进行中/未结束' },
              { value: 'closed', label: '已结束' },
            ]}
            onChange={(v?: string) => setParams(v ? { status: v } : {}, { replace: true })}
          />
          {list.data?.canCreate && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="campaign-create">
              从模板发起
            </Button>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        专项行动按阶段推进（如摸排、整改、验收、巩固提高），每个阶段规定参与学校要完成的检查和记录，进度按职责引擎的同一套记录统计；检查和隐患登记时可标记所属行动。
      </Typography.Paragraph>
      <Table rowKey="id" size="middle" loading={list.loading} dataSource={list.data?.items ?? []} columns={columns} pagination={false} scroll={{ x: 900 }} />
      {list.error && <Typography.Text type="danger">{list.error}</Typography.Text>}
      {creating && (
        <CreateCampaignDrawer
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            list.reload();
          }}
        />
      )}
    </Card>
  );
}
