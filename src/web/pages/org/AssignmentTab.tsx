import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Col, Popconfirm, Row, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import type { Assignment, AssignmentKind, OrgUnit, Paged, UserRow } from '../../api/types';
import { messageOf } from '../../lib/errors';
import { assignmentKindInfo } from './assignmentKinds';

type Option = { value: string; label: string };

/** Who can be a subject of each kind: inspectors and leaders are users, precincts are police stations. */
async function loadSubjects(kind: AssignmentKind, units: OrgUnit[]): Promise<Option[]> {
  if (kind === 'precinct_school') {
    return units.filter((u) => u.kind === 'department' && u.departmentType === 'police_station' && u.isActive).map((u) => ({ value: u.id, label: u.name }));
  }
  const role = kind === 'inspector_school' ? 'responsible_inspector' : 'commission_leader';
  const res = await api.get<Paged<UserRow>>('/api/users', { role, pageSize: 200 });
  return res.items.filter((u) => u.isActive).map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }));
}

export function AssignmentTab({ kind, units }: { kind: AssignmentKind; units: OrgUnit[] }) {
  const { message } = App.useApp();
  const info = assignmentKindInfo[kind];
  const [subjectId, setSubjectId] = useState<string | undefined>();
  const [targetIds, setTargetIds] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const list = useLoad(() => api.get<{ items: Assignment[] }>('/api/assignments', { kind }).then((r) => r.items), kind);
  const subjects = useLoad(() => loadSubjects(kind, units), `${kind}:${units.length}`);

  const targetKinds = kind === 'leader_area' ? ['township', 'centre'] : ['school'];
  const taken = new Set((list.data ?? []).filter((a) => a.subjectId === subjectId).map((a) => a.targetId));
  const targets = units.filter((u) => targetKinds.includes(u.kind) && u.isActive && !taken.has(u.id)).map((u) => ({ value: u.id, label: u.name }));

  const add = async () => {
    if (!subjectId || targetIds.length === 0) return;
    setBusy(true);
    // One POST per target: the API links one pair at a time; stop at the first refusal so the message is clear.
    let done = 0;
    try {
      for (const targetId of targetIds) {
        await api.post('/api/assignments', { kind, subjectId, targetId });
        done++;
      }
      message.success(`已添加 ${done} 项`);
      setTargetIds([]);
    } catch (err) {
      message.error(`${done > 0 ? `已添加 ${done} 项，其余未添加：` : ''}${messageOf(err)}`);
    } finally {
      setBusy(false);
      list.reload();
    }
  };

  const remove = async (a: Assignment) => {
    try {
      await api.del(`/api/assignments/${a.id}`);
      message.success('已取消');
      list.reload();
    } catch (err) {
      message.error(messageOf(err));
    }
  };

  const shown = (list.data ?? []).filter((a) => !subjectId || a.subjectId === subjectId);
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Text type="secondary">{info.hint}</Typography.Text>
      <Row gutter={[8, 8]}>
        <Col xs={24} md={8}>
          <Select
            style={{ width: '100%' }}
            placeholder={`选择${info.subjectLabel}（同时筛选下表）`}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            loading={subjects.loading}
            value={subjectId}
            onChange={(v: string | undefined) => setSubjectId(v)}
            options={subjects.data ?? []}
            aria-label={info.subjectLabel}
          />
        </Col>
        <Col xs={24} md={12}>
          <Select
            mode="multiple"
            style={{ width: '100%' }}
            placeholder={`选择要添加的${info.targetLabel}`}
            disabled={!subjectId}
            showSearch={{ optionFilterProp: 'label' }}
            value={targetIds}
            onChange={(v: string[]) => setTargetIds(v)}
            options={targets}
            maxTagCount="responsive"
            aria-label={info.targetLabel}
          />
        </Col>
        <Col xs={24} md={4}>
          <Button type="primary" icon={<PlusOutlined />} block disabled={!subjectId || targetIds.length === 0} loading={busy} onClick={add}>
            添加
          </Button>
        </Col>
      </Row>
      {(list.error || subjects.error) && <Alert type="error" showIcon title={list.error ?? subjects.error} />}
      <Table<Assignment>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={shown}
        pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
        columns={[
          {
            title: info.subjectLabel,
            dataIndex: 'subjectName',
            sorter: (a, b) => a.subjectName.localeCompare(b.subjectName, 'zh-CN'),
            defaultSortOrder: 'ascend',
          },
          { title: info.targetLabel, dataIndex: 'targetName', sorter: (a, b) => a.targetName.localeCompare(b.targetName, 'zh-CN') },
          {
            title: '操作',
            key: 'op',
            width: 90,
            render: (_, a) => (
              <Popconfirm title={`取消「${a.subjectName}」对「${a.targetName}」的分配？`} onConfirm={() => remove(a)} okText="取消分配" cancelText="保留">
                <Button type="link" danger size="small" icon={<DeleteOutlined />}>
                  移除
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Space>
  );
}
