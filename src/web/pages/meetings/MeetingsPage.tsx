import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { type MeetingKind, meetingKindLabels, meetingKinds } from '../../../domain/meeting';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';

type Row = {
  id: string;
  kindLabel: string;
  title: string;
  heldOn: string;
  place: string;
  hostUnitName: string;
  taskCount: number;
  openTaskCount: number;
  overdueTaskCount: number;
};

/** 联席会议: the meetings the user may read, with how their tasks stand; the district and joint group record new ones. */
export default function MeetingsPage() {
  const navigate = useNavigate();
  const [kind, setKind] = useState<MeetingKind | undefined>();
  const [page, setPage] = useState(1);
  const q = { kind, page, pageSize: 20 };
  const list = useLoad(() => api.get<{ items: Row[]; total: number; canRecord: boolean }>('/api/meetings', q), JSON.stringify(q));
  return (
    <Card
      title="联席会议"
      extra={
        <Space>
          <Button onClick={() => navigate('/meeting-tasks')}>议定事项跟踪</Button>
          {list.data?.canRecord && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/meetings/new')}>
              登记会议
            </Button>
          )}
        </Space>
      }
    >
      <Space style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder="会议类型"
          style={{ width: 160 }}
          value={kind}
          onChange={(v) => {
            setKind(v);
            setPage(1);
          }}
          options={meetingKinds.map((k) => ({ value: k, label: meetingKindLabels[k] }))}
        />
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error} />}
      <Table<Row>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 800 }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showTotal: (n) => `共 ${n} 次会议` }}
        columns={[
          { title: '日期', dataIndex: 'heldOn', width: 110 },
          { title: '类型', dataIndex: 'kindLabel', width: 110, render: (v: string) => <Tag color="blue">{v}</Tag> },
          { title: '会议', dataIndex: 'title', render: (v: string, m) => <Link to={`/meetings/${m.id}`}>{v}</Link> },
          { title: '组织单位', dataIndex: 'hostUnitName' },
          {
            title: '议定事项',
            key: 'tasks',
            width: 220,
            render: (_: unknown, m) => (
              <Space size={4}>
                <span>共 {m.taskCount} 项</span>
                {m.openTaskCount > 0 && <Tag color="orange">未办结 {m.openTaskCount}</Tag>}
                {m.overdueTaskCount > 0 && <Tag color="red">逾期 {m.overdueTaskCount}</Tag>}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
