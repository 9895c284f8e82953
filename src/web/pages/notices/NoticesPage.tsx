import type { TableColumnsType } from 'antd';
import { Alert, Card, Col, DatePicker, Row, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useLoad, useOrgUnits } from '../../api/hooks';
import type { Notice, NoticeList } from '../../api/types';
import { useCurrentUser } from '../../auth/AuthContext';
import { type CountItem, CountStrip } from '../../components/CountStrip';
import { SchoolLink } from '../../components/SchoolLink';
import { formatDate } from '../../lib/format';
import { useIsMobile } from '../../lib/useIsMobile';
import { NoticeStateTags } from './NoticeTags';
import { apiFilters, type NoticeQuery, noticeStateOptions, PAGE_SIZE, readQuery, writeQuery } from './noticeQuery';
import { canIssueNotice } from './noticeRoles';

export const noticeColumns: TableColumnsType<Notice> = [
  { title: '文号', dataIndex: 'number', key: 'number', width: 200, fixed: 'left' },
  {
    title: '受文学校',
    dataIndex: 'schoolName',
    key: 'schoolName',
    width: 180,
    ellipsis: true,
    render: (_: unknown, n: Notice) => <SchoolLink id={n.schoolId} name={n.schoolName} />,
  },
  { title: '下达单位', key: 'issuer', width: 200, render: (_: unknown, n: Notice) => `${n.issuerUnitName} · ${n.issuerName}` },
  { title: '下达日期', dataIndex: 'issuedAt', key: 'issuedAt', width: 110, render: formatDate },
  { title: '整改期限', dataIndex: 'deadline', key: 'deadline', width: 110 },
  { title: '隐患数', dataIndex: 'hazardCount', key: 'hazardCount', width: 80, align: 'right' },
  { title: '签收/回执', key: 'state', width: 170, render: (_: unknown, n: Notice) => <NoticeStateTags notice={n} /> },
];

const phoneColumns: TableColumnsType<Notice> = [
  {
    title: '整改通知书',
    key: 'number',
    render: (_: unknown, n: Notice) => (
      <div>
        <Typography.Text strong style={{ display: 'block' }}>
          {n.number}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          <SchoolLink id={n.schoolId} name={n.schoolName} /> · {n.hazardCount} 项 · 限 {n.deadline}
        </Typography.Text>
      </div>
    ),
  },
  { title: '状态', key: 'state', width: 100, render: (_: unknown, n: Notice) => <NoticeStateTags notice={n} /> },
];

export default function NoticesPage() {
  const navigate = useNavigate();
  const user = useCurrentUser();
  const isMobile = useIsMobile();
  const [searchParams, setSearchParams] = useSearchParams();
  const query = readQuery(searchParams);
  const schools = useOrgUnits(['school']);
  const list = useLoad(() => api.get<NoticeList>('/api/notices', { page: query.page, pageSize: PAGE_SIZE, ...apiFilters(query) }), searchParams.toString());
  const update = (patch: Partial<NoticeQuery>) => setSearchParams(writeQuery({ ...query, page: 1, ...patch }));
  const c = list.data?.counts;
  const counts: CountItem[] = [
    { key: 'total', title: '总数', value: c?.total },
    { key: 'unacknowledged', title: '待签收', value: c?.unacknowledged },
    { key: 'replied', title: '已回执', value: c?.replied },
    { key: 'overdue', title: '逾期未回执', value: c?.overdue, alert: true },
  ];

  return (
    <Card title="整改通知书" styles={{ body: { padding: isMobile ? 8 : 24 } }}>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <CountStrip testIdPrefix="notice-count" loading={list.loading} items={counts} />
        <Row gutter={[8, 8]}>
          {(schools.data?.length ?? 0) > 1 && (
            <Col xs={24} sm={12} lg={6}>
              <Select
                style={{ width: '100%' }}
                placeholder="学校"
                aria-label="学校"
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                value={query.schoolId || undefined}
                onChange={(v: string | undefined) => update({ schoolId: v ?? '' })}
                options={(schools.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
              />
            </Col>
          )}
          <Col xs={24} sm={12} lg={4}>
            <Select
              style={{ width: '100%' }}
              placeholder="签收/回执状态"
              aria-label="状态"
              allowClear
              value={query.state || undefined}
              onChange={(v: string | undefined) => update({ state: v ?? '' })}
              options={noticeStateOptions}
            />
          </Col>
          <Col xs={12} sm={6} lg={3}>
            <DatePicker
              style={{ width: '100%' }}
              placeholder="下达日期起"
              value={query.from ? dayjs(query.from) : null}
              onChange={(d) => update({ from: d ? d.format('YYYY-MM-DD') : '' })}
            />
          </Col>
          <Col xs={12} sm={6} lg={3}>
            <DatePicker
              style={{ width: '100%' }}
              placeholder="下达日期止"
              value={query.to ? dayjs(query.to) : null}
              onChange={(d) => update({ to: d ? d.format('YYYY-MM-DD') : '' })}
            />
          </Col>
          {/* Set by the workbench's links (发出未签收 …): named, and removable. */}
          {(query.mine || query.issuerUnitId) && (
            <Col xs={24} sm={12} lg={4}>
              <Tag closable color="blue" onClose={() => update({ mine: '', issuerUnitId: '' })} data-testid="filter-issuer">
                {query.mine ? '我发出的' : query.issuerUnitId === user.orgUnitId ? '本单位发出的' : '指定发文单位'}
              </Tag>
            </Col>
          )}
        </Row>
        {canIssueNotice(user.role) && (
          <Typography.Text type="secondary">
            下达整改通知书：在<Link to="/hazards">隐患台账</Link>中勾选同一学校的未销号隐患，点击“下达整改通知书”。
          </Typography.Text>
        )}
        {list.error && <Alert type="error" showIcon title={list.error} />}
        <Table<Notice>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          columns={isMobile ? phoneColumns : noticeColumns}
          rowClassName={(n) => (n.overdue ? 'hazard-row-overdue' : '')}
          scroll={isMobile ? undefined : { x: 1050 }}
          onRow={(n) => ({ onClick: () => navigate(`/notices/${n.id}`), style: { cursor: 'pointer' } })}
          pagination={{
            current: query.page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (t) => `共 ${t} 份`,
            simple: isMobile,
          }}
          onChange={(p) => update({ page: p.current ?? 1 })}
        />
      </Space>
    </Card>
  );
}
