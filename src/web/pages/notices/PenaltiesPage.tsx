import type { TableColumnsType } from 'antd';
import { Card, Col, DatePicker, Descriptions, Drawer, List, Row, Select, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useLoad, useOrgUnits } from '../../api/hooks';
import { SchoolLink } from '../../components/SchoolLink';
import { useIsMobile } from '../../lib/useIsMobile';

/**
 * 执法处罚书 list: what the dashboard's "执法处罚书" figure counts (same service, same filters:
 * decision date in [from, to], the user's scope, township or school), so the number drills down.
 */
type Penalty = {
  id: string;
  number: string;
  policeUnitName: string;
  schoolId: string;
  schoolName: string;
  decidedOn: string;
  content: string;
  recordedByName: string;
  hazardCount: number;
};
type PenaltyDetail = {
  penalty: Penalty;
  hazards: { id: string; code: string; title: string; place: string | null; stateLabel: string }[];
  attachments: { id: string; fileName: string }[];
};

const PAGE_SIZE = 20;
const FILTERS = ['from', 'to', 'schoolId', 'parentId'] as const;

export default function PenaltiesPage() {
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const [openId, setOpenId] = useState<string | null>(null);
  const page = Number(params.get('page') ?? '1') || 1;
  const filters = Object.fromEntries(FILTERS.flatMap((k) => (params.get(k) ? [[k, params.get(k) as string]] : [])));
  const schools = useOrgUnits(['school']);
  const list = useLoad(() => api.get<{ items: Penalty[]; total: number }>('/api/penalties', { page, pageSize: PAGE_SIZE, ...filters }), params.toString());
  const detail = useLoad(() => (openId ? api.get<PenaltyDetail>(`/api/penalties/${openId}`) : Promise.resolve(null)), openId ?? '');
  const update = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    next.delete('page');
    setParams(next);
  };

  const columns: TableColumnsType<Penalty> = isMobile
    ? [
        {
          title: '执法处罚书',
          key: 'number',
          render: (_: unknown, p: Penalty) => (
            <div>
              <Typography.Text strong style={{ display: 'block' }}>
                {p.number}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {p.schoolName} · {p.decidedOn} · {p.policeUnitName}
              </Typography.Text>
            </div>
          ),
        },
      ]
    : [
        { title: '文号', dataIndex: 'number', key: 'number', width: 200 },
        { title: '学校', key: 'school', width: 180, render: (_: unknown, p: Penalty) => <SchoolLink id={p.schoolId} name={p.schoolName} /> },
        { title: '派出所', dataIndex: 'policeUnitName', key: 'police', width: 160 },
        { title: '决定日期', dataIndex: 'decidedOn', key: 'decidedOn', width: 110 },
        { title: '处罚内容', dataIndex: 'content', key: 'content', ellipsis: true },
        { title: '关联隐患', dataIndex: 'hazardCount', key: 'hazardCount', width: 90, align: 'right' },
      ];

  const from = params.get('from');
  const to = params.get('to');
  return (
    <Card title="执法处罚书" styles={{ body: { padding: isMobile ? 8 : 24 } }}>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Row gutter={[8, 8]}>
          {(schools.data?.length ?? 0) > 1 && (
            <Col xs={24} sm={12} lg={8}>
              <Select
                style={{ width: '100%' }}
                placeholder="学校"
                aria-label="学校"
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                value={params.get('schoolId') ?? undefined}
                options={(schools.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
                onChange={(v) => update({ schoolId: v })}
              />
            </Col>
          )}
          <Col xs={24} sm={12} lg={8}>
            <DatePicker.RangePicker
              style={{ width: '100%' }}
              aria-label="决定日期"
              value={from && to ? [dayjs(from), dayjs(to)] : null}
              onChange={(r) => update({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })}
            />
          </Col>
        </Row>
        <Typography.Text type="secondary">共 {list.data?.total ?? '…'} 份</Typography.Text>
        <Table<Penalty>
          rowKey="id"
          size="small"
          loading={list.loading}
          columns={columns}
          dataSource={list.data?.items ?? []}
          onRow={(p) => ({ onClick: () => setOpenId(p.id), style: { cursor: 'pointer' } })}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            onChange: (p) => {
              const next = new URLSearchParams(params);
              next.set('page', String(p));
              setParams(next);
            },
          }}
          locale={{ emptyText: '没有执法处罚书' }}
        />
      </Space>
      <Drawer open={openId !== null} onClose={() => setOpenId(null)} title={detail.data?.penalty.number ?? '执法处罚书'} size={isMobile ? '100%' : 560}>
        {detail.data && (
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label="学校">
                <SchoolLink id={detail.data.penalty.schoolId} name={detail.data.penalty.schoolName} />
              </Descriptions.Item>
              <Descriptions.Item label="派出所">{detail.data.penalty.policeUnitName}</Descriptions.Item>
              <Descriptions.Item label="决定日期">{detail.data.penalty.decidedOn}</Descriptions.Item>
              <Descriptions.Item label="登记人">{detail.data.penalty.recordedByName}</Descriptions.Item>
              <Descriptions.Item label="处罚内容">
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{detail.data.penalty.content}</Typography.Paragraph>
              </Descriptions.Item>
            </Descriptions>
            <List
              header="关联隐患"
              size="small"
              dataSource={detail.data.hazards}
              locale={{ emptyText: '未关联隐患' }}
              renderItem={(h) => (
                <List.Item>
                  <Link to={`/hazards/${h.id}`}>
                    {h.code} {h.title}
                  </Link>
                  <Typography.Text type="secondary">{h.stateLabel}</Typography.Text>
                </List.Item>
              )}
            />
          </Space>
        )}
      </Drawer>
    </Card>
  );
}
