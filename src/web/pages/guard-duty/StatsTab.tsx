import { Alert, Card, Col, DatePicker, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { PageLoading } from '../../components/PageState';
import { SchoolLink } from '../../components/SchoolLink';
import { percent, type Stats } from './guardApi';

type SchoolRow = Stats['schools'][number];
function SetupTag({ row }: { row: SchoolRow }) {
  return <Tag color={row.status === 'set' ? 'green' : row.status === 'no_gates' ? 'orange' : 'red'}>{row.statusLabel}</Tag>;
}
/** “北门（无岗位）；南门（缺下午放学）”, or what to do when the school has no gates on file. */
function uncoveredText(r: SchoolRow) {
  if (r.status === 'no_gates') return '请先在学校档案中登记校门';
  const gates = r.uncoveredGates
    .map((g) => `${g.name}${g.isMain && !g.name.includes('正门') ? '（正门）' : ''}：${g.posts ? `缺${g.missingPeriods.join('、')}` : '无岗位'}`)
    .join('；');
  return r.unlinkedPosts ? `${gates}；另有 ${r.unlinkedPosts} 个岗位未关联校门` : gates;
}

/** 护学岗设置率 (per gate) and attendance per school, precinct and week, in the user's scope. */
export function StatsTab() {
  const [range, setRange] = useState<[string, string] | null>(null);
  const data = useLoad(() => api.get<Stats>('/api/guard-duty/stats', range ? { from: range[0], to: range[1] } : {}), range?.join() ?? '');
  if (data.loading && !data.data) return <PageLoading />;
  if (data.error) return <Alert type="error" title={data.error} />;
  const d = data.data as Stats;
  // Schools with uncovered gates first (a post to set up), then those without gates on file.
  const unset = d.schools.filter((r) => r.status === 'unset').concat(d.schools.filter((r) => r.status === 'no_gates'));
  const tally = [
    { title: '应到岗', dataIndex: 'expected', width: 80 },
    { title: '已签到', dataIndex: 'signed', width: 80 },
    { title: '缺岗', dataIndex: 'absent', width: 70 },
    { title: '迟到', dataIndex: 'late', width: 70 },
    { title: '不在范围', dataIndex: 'outside', width: 90 },
    { title: '到岗率', dataIndex: 'rate', width: 80, render: percent },
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <DatePicker.RangePicker
          value={[dayjs(d.from), dayjs(d.to)]}
          onChange={(v) => setRange(v?.[0] && v[1] ? [v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')] : null)}
          allowClear={false}
        />
        <Typography.Text type="secondary">
          设置率：学校登记的每个校门都有在用岗位，且覆盖全部必设时段（{d.setup.requiredPeriods.map((p) => p.label).join('、')}
          ）即为已设置；未登记校门的学校计为未设置
        </Typography.Text>
      </Space>
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title="护学岗设置率"
              value={percent(d.setup.rate)}
              suffix={<small data-testid="guard-setup-count">{`${d.setup.set}/${d.setup.schools} 校`}</small>}
            />
            {d.setup.noGates > 0 && (
              <Typography.Text type="warning" style={{ fontSize: 12 }} data-testid="guard-no-gates">
                其中 {d.setup.noGates} 校未登记校门
              </Typography.Text>
            )}
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title="到岗率"
              value={percent(d.rate)}
              suffix={<small data-testid="guard-stats-signed">{`${d.counts.signed}/${d.counts.expected}`}</small>}
            />
          </Card>
        </Col>
        <Col xs={8} md={4}>
          <Card size="small">
            <Statistic title="缺岗" value={d.counts.absent} />
          </Card>
        </Col>
        <Col xs={8} md={4}>
          <Card size="small">
            <Statistic title="迟到" value={d.counts.late} />
          </Card>
        </Col>
        <Col xs={8} md={4}>
          <Card size="small">
            <Statistic title="不在范围" value={d.counts.outside} />
          </Card>
        </Col>
      </Row>
      {unset.length > 0 && (
        <Card size="small" title={`未设置的学校（${unset.length}）`} data-testid="guard-unset-schools">
          <Table
            size="small"
            rowKey="schoolId"
            scroll={{ x: 700 }}
            dataSource={unset}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            columns={[
              { title: '学校', dataIndex: 'name', width: 200, render: (_: unknown, r) => <SchoolLink id={r.schoolId} name={r.name} /> },
              { title: '街道/镇', dataIndex: 'parentName', width: 110 },
              { title: '状态', dataIndex: 'status', width: 100, render: (_: unknown, r) => <SetupTag row={r} /> },
              { title: '未覆盖的校门', key: 'gates', render: (_: unknown, r) => uncoveredText(r) },
            ]}
          />
        </Card>
      )}
      <Card size="small" title="按周">
        <Table
          size="small"
          rowKey="key"
          pagination={false}
          scroll={{ x: 600 }}
          dataSource={d.weeks}
          columns={[{ title: '周', dataIndex: 'key', width: 110 }, ...tally]}
        />
      </Card>
      <Card size="small" title="按派出所辖区">
        <Table
          size="small"
          rowKey={(r) => r.policeUnitId ?? 'none'}
          pagination={false}
          scroll={{ x: 700 }}
          dataSource={d.precincts}
          columns={[
            { title: '派出所', dataIndex: 'name', width: 140 },
            { title: '设置', width: 90, render: (_: unknown, r) => `${r.set}/${r.schools}` },
            ...tally,
          ]}
        />
      </Card>
      <Card size="small" title="按学校">
        <Table
          size="small"
          rowKey="schoolId"
          scroll={{ x: 800 }}
          dataSource={d.schools}
          columns={[
            { title: '学校', dataIndex: 'name', width: 200, render: (_: unknown, r) => <SchoolLink id={r.schoolId} name={r.name} /> },
            { title: '街道/镇', dataIndex: 'parentName', width: 110 },
            { title: '护学岗', dataIndex: 'status', width: 100, render: (_: unknown, r) => <SetupTag row={r} /> },
            ...tally,
          ]}
        />
      </Card>
    </Space>
  );
}
