import { Alert, Card, Col, DatePicker, Input, Row, Select, Space, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { type Role, roleLabels } from '../../../domain/roles';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import type { AuditEvent, Paged } from '../../api/types';
import { formatTime } from '../../lib/format';
import { useIsMobile } from '../../lib/useIsMobile';
import { AuditDiff } from './AuditDiff';
import { actionLabel, actionLabels, entityTypeLabels } from './auditLabels';

const PAGE_SIZE = 50;
type Filters = { page: number; keyword: string; action: string; entityType: string; from: string; to: string };

/** A picked calendar day as a Beijing-time instant; `to` is exclusive on the server, so the day after. */
const dayStart = (d: Dayjs, plusDays = 0) => `${d.add(plusDays, 'day').format('YYYY-MM-DD')}T00:00:00+08:00`;

const roleLabel = (r: string) => (r === 'system' ? '系统' : r === 'public' ? '群众（扫码反映）' : (roleLabels[r as Role] ?? r));

export default function AuditPage() {
  const isMobile = useIsMobile();
  const [f, setF] = useState<Filters>({ page: 1, keyword: '', action: '', entityType: '', from: '', to: '' });
  const set = (patch: Partial<Filters>) => setF({ ...f, page: 1, ...patch });
  const list = useLoad(() => api.get<Paged<AuditEvent>>('/api/audit-events', { ...f, keyword: f.keyword.trim(), pageSize: PAGE_SIZE }), JSON.stringify(f));

  return (
    <Card title="操作日志" styles={{ body: { padding: isMobile ? 8 : 24 } }}>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Row gutter={[8, 8]}>
          <Col xs={24} md={6}>
            <Input.Search placeholder="摘要或操作人" allowClear onSearch={(keyword) => set({ keyword })} aria-label="关键词" />
          </Col>
          <Col xs={12} md={5}>
            <Select
              style={{ width: '100%' }}
              placeholder="操作"
              allowClear
              value={f.action || undefined}
              onChange={(v: string | undefined) => set({ action: v ?? '' })}
              options={Object.entries(actionLabels).map(([value, label]) => ({ value, label }))}
            />
          </Col>
          <Col xs={12} md={5}>
            <Select
              style={{ width: '100%' }}
              placeholder="对象类型"
              allowClear
              value={f.entityType || undefined}
              onChange={(v: string | undefined) => set({ entityType: v ?? '' })}
              options={Object.entries(entityTypeLabels).map(([value, label]) => ({ value, label }))}
            />
          </Col>
          <Col xs={24} md={8}>
            <DatePicker.RangePicker
              style={{ width: '100%' }}
              onChange={(range) => {
                const [start, end] = range ?? [];
                set({ from: start ? dayStart(start) : '', to: end ? dayStart(end, 1) : '' });
              }}
            />
          </Col>
        </Row>
        {list.error && <Alert type="error" showIcon title={list.error} />}
        <Table<AuditEvent>
          rowKey="seq"
          size="middle"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 960 }}
          expandable={{
            expandedRowRender: (e) => <AuditDiff before={e.before} after={e.after} />,
            rowExpandable: (e) => e.before != null || e.after != null,
          }}
          pagination={{
            current: f.page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (t) => `共 ${t} 条`,
            simple: isMobile,
            onChange: (page) => setF({ ...f, page }),
          }}
          columns={[
            // Pinned: with a fixed column antd keeps an expanded row at the visible width on a phone.
            { title: '时间', dataIndex: 'occurredAt', width: isMobile ? 110 : 170, fixed: 'left', render: formatTime },
            { title: '操作人', dataIndex: 'actorName', width: 110 },
            { title: '角色', dataIndex: 'actorRole', width: 190, render: roleLabel },
            { title: '操作', dataIndex: 'action', width: 120, render: actionLabel },
            { title: '摘要', dataIndex: 'summary' },
            { title: '对象', dataIndex: 'entityType', width: 100, render: (t: string) => entityTypeLabels[t] ?? t },
          ]}
        />
      </Space>
    </Card>
  );
}
