import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Input, Row, Select, Space, Table, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { roleLabels, roles } from '../../../domain/roles';
import { api } from '../../api/client';
import { useLoad, useOrgUnits } from '../../api/hooks';
import type { Paged, UserRow } from '../../api/types';
import { useCurrentUser } from '../../auth/AuthContext';
import { formatTime } from '../../lib/format';
import { useIsMobile } from '../../lib/useIsMobile';
import { UserActions } from './UserActions';
import { UserModal } from './UserModal';

const PAGE_SIZE = 50;
type Filters = { page: number; keyword: string; role: string; orgUnitId: string };

function statusTags(u: UserRow) {
  const tags = [];
  if (!u.isActive) tags.push(<Tag key="off">已停用</Tag>);
  else
    tags.push(
      <Tag key="on" color="green">
        启用
      </Tag>,
    );
  if (u.mustChangePassword)
    tags.push(
      <Tag key="pw" color="orange">
        待改密码
      </Tag>,
    );
  if (u.lockedUntil) {
    tags.push(
      <Tooltip key="lock" title={`连续登录失败被临时锁定，${formatTime(u.lockedUntil)} 自动解除`}>
        <Tag color="red">锁定中</Tag>
      </Tooltip>,
    );
  }
  return tags;
}

export default function UsersPage() {
  const user = useCurrentUser();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const [f, setF] = useState<Filters>({ page: 1, keyword: '', role: '', orgUnitId: '' });
  const [modal, setModal] = useState<{ open: boolean; editing: UserRow | undefined }>({ open: false, editing: undefined });
  const units = useOrgUnits();
  const list = useLoad(() => api.get<Paged<UserRow>>('/api/users', { ...f, keyword: f.keyword.trim(), pageSize: PAGE_SIZE }), JSON.stringify(f));
  const set = (patch: Partial<Filters>) => setF({ ...f, page: 1, ...patch });
  const grantable = user.grantableRoles ?? [];

  return (
    <Card
      title="用户"
      extra={
        grantable.length > 0 && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal({ open: true, editing: undefined })}>
            新增用户
          </Button>
        )
      }
      styles={{ body: { padding: isMobile ? 8 : 24 } }}
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Row gutter={[8, 8]}>
          <Col xs={24} sm={8}>
            <Input.Search placeholder="用户名、姓名或电话" allowClear onSearch={(keyword) => set({ keyword })} aria-label="关键词" />
          </Col>
          <Col xs={12} sm={8}>
            <Select
              style={{ width: '100%' }}
              placeholder="角色"
              allowClear
              value={f.role || undefined}
              onChange={(v: string | undefined) => set({ role: v ?? '' })}
              options={roles.map((r) => ({ value: r, label: roleLabels[r] }))}
            />
          </Col>
          <Col xs={12} sm={8}>
            <Select
              style={{ width: '100%' }}
              placeholder="所属单位"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              value={f.orgUnitId || undefined}
              onChange={(v: string | undefined) => set({ orgUnitId: v ?? '' })}
              options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
            />
          </Col>
        </Row>
        {list.error && <Alert type="error" showIcon title={list.error} />}
        <Table<UserRow>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 1230 }}
          onRow={(u) => ({ onClick: () => setModal({ open: true, editing: u }), style: { cursor: 'pointer' } })}
          pagination={{
            current: f.page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (t) => `共 ${t} 人`,
            simple: isMobile,
            onChange: (page) => setF({ ...f, page }),
          }}
          columns={[
            { title: '姓名', dataIndex: 'displayName', width: 120, fixed: 'left' },
            { title: '用户名', dataIndex: 'username', width: 140 },
            { title: '角色', dataIndex: 'roleLabel', width: 180 },
            { title: '所属单位', dataIndex: 'orgUnitName', width: 180 },
            { title: '电话', dataIndex: 'phone', width: 130 },
            { title: '状态', key: 'status', width: 150, render: (_, u) => statusTags(u) },
            { title: '最近登录', dataIndex: 'lastLoginAt', width: 170, render: formatTime },
            {
              title: '操作',
              key: 'actions',
              width: 230,
              fixed: 'right',
              render: (_, u) => (
                <UserActions u={u} selfId={user.id} grantable={grantable} onEdit={(e) => setModal({ open: true, editing: e })} onChanged={list.reload} />
              ),
            },
          ]}
        />
      </Space>
      <UserModal
        open={modal.open}
        editing={modal.editing}
        grantable={grantable}
        units={units.data ?? []}
        onClose={() => setModal({ open: false, editing: undefined })}
        onSaved={() => {
          message.success('已保存');
          setModal({ open: false, editing: undefined });
          list.reload();
        }}
      />
    </Card>
  );
}
