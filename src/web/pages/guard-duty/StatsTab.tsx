import { Alert, Card, Col, DatePicker, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { PageLoading } from '../../components/PageState';
import { SchoolLink } from '../../components/SchoolLink';
import { percent, type Stats } from './guardApi';

/** 护学岗设置率 and attendance per school, precinct and week, in the user's scope. */
export function StatsTab() {
  const [range, setRange] = useState<[string, string] | null>(null);
  const data = useLoad(() => api.get<Stats>('/api/guard-duty/stats', range ? { from: range[0], to: range[1] } : {}), range?.join() ?? '');
  if (data.loading && !data.data) return <PageLoading />;
  if (data.error) return <Alert type="error" title={data.error} />;
  const d = data.data as Stats;
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
          设置率：学校的启用岗位覆盖全部必设时段（{d.setup.requiredPeriods.map((p) => p.label).join('、')}）即为已设置
        </Typography.Text>
      </Space>
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title="护学岗设置率" value={percent(d.setup.rate)} suffix={<small>{`${d.setup.set}/${d.setup.schools} 校`}</small>} />
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
            { title: '护学岗', dataIndex: 'set', width: 80, render: (v: boolean) => (v ? <Tag color="green">已设置</Tag> : <Tag color="red">未设置</Tag>) },
            ...tally,
          ]}
        />
      </Card>
    </Space>
  );
}
