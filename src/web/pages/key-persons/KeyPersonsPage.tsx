import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { SchoolLink } from '../../components/SchoolLink';
import { KeyPersonDrawer } from './KeyPersonDrawer';
import { KeyPersonForm } from './KeyPersonForm';
import { type KeyPersonDetail, type KeyPersonList, type KeyPersonSummary, riskColors } from './keyPersonsApi';

const PAGE_SIZE = 20;
const filterKeys = ['categoryCode', 'riskLevel', 'status', 'overdue', 'mine', 'keyword'] as const;
type FilterKey = (typeof filterKeys)[number];

/**
 * 重点人员 (police only): the files of key persons near the precinct's schools. Every opening of
 * the list or a file is recorded in the audit trail by the server; ID numbers show their last 4.
 */
export default function KeyPersonsPage() {
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const filters = Object.fromEntries(filterKeys.map((k) => [k, params.get(k) ?? undefined])) as Record<FilterKey, string | undefined>;
  const list = useLoad(() => api.get<KeyPersonList>('/api/key-persons', { page, pageSize: PAGE_SIZE, ...filters }), `list:${params.toString()}`);
  const [openId, setOpenId] = useState<string | null>(null);
  const [editing, setEditing] = useState<KeyPersonDetail | 'new' | null>(null);

  const update = (patch: Partial<Record<FilterKey | 'page', string | undefined>>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
  };

  const columns: ColumnsType<KeyPersonSummary> = [
    {
      title: '姓名',
      dataIndex: 'name',
      render: (v: string, r) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setOpenId(r.id)} data-testid="key-person-open">
          {v}
        </Button>
      ),
    },
    { title: '身份证号', dataIndex: 'idNumberMasked', width: 200, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: '类别', dataIndex: 'categoryLabel', width: 200 },
    { title: '风险', dataIndex: 'riskLevelLabel', width: 70, render: (v: string, r) => <Tag color={riskColors[r.riskLevel]}>{v}</Tag> },
    {
      title: '最近学校',
      key: 'school',
      width: 200,
      render: (_: unknown, r) => (r.nearestSchoolId ? <SchoolLink id={r.nearestSchoolId} name={r.nearestSchoolName ?? ''} /> : '—'),
    },
    { title: '责任民警', dataIndex: 'officerName', width: 100 },
    {
      title: '下次走访',
      dataIndex: 'nextFollowUpDue',
      width: 130,
      render: (v: string | null, r) => (v ? r.overdue ? <Typography.Text type="danger">{v}（逾期）</Typography.Text> : v : '—'),
    },
    { title: '状态', dataIndex: 'statusLabel', width: 80 },
  ];

  return (
    <Card
      title="重点人员"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} disabled={!list.data} data-testid="key-person-new">
          登记重点人员
        </Button>
      }
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 12 }}
        title="仅限公安民警使用：本页每次查看列表或档案都记入操作日志。身份证号在列表中只显示后 4 位。"
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder="人员类别"
          style={{ width: 220 }}
          value={filters.categoryCode}
          options={(list.data?.categories ?? []).map((c) => ({ value: c.code, label: c.label }))}
          onChange={(v?: string) => update({ categoryCode: v })}
        />
        <Select
          allowClear
          placeholder="风险等级"
          style={{ width: 120 }}
          value={filters.riskLevel}
          options={[
            { value: 'high', label: '高' },
            { value: 'medium', label: '中' },
            { value: 'low', label: '低' },
          ]}
          onChange={(v?: string) => update({ riskLevel: v })}
        />
        <Select
          allowClear
          placeholder="状态"
          style={{ width: 120 }}
          value={filters.status}
          options={[
            { value: 'active', label: '在管' },
            { value: 'closed', label: '已撤管' },
          ]}
          onChange={(v?: string) => update({ status: v })}
        />
        <Select
          allowClear
          placeholder="走访"
          style={{ width: 160 }}
          value={filters.overdue}
          options={[{ value: 'true', label: '走访已逾期' }]}
          onChange={(v?: string) => update({ overdue: v })}
        />
        <Select
          allowClear
          placeholder="责任民警"
          style={{ width: 140 }}
          value={filters.mine}
          options={[{ value: 'true', label: '我负责的' }]}
          onChange={(v?: string) => update({ mine: v })}
        />
        <Input.Search
          allowClear
          placeholder="姓名或住址"
          defaultValue={filters.keyword}
          style={{ width: 200 }}
          onSearch={(v) => update({ keyword: v.trim() || undefined })}
        />
      </Space>
      {list.error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={list.error} />}
      <Table<KeyPersonSummary>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        columns={columns}
        scroll={{ x: 1100 }}
        locale={{ emptyText: '暂无重点人员' }}
        onRow={() => ({ 'data-testid': 'key-person-row' }) as React.HTMLAttributes<HTMLElement>}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, showSizeChanger: false, onChange: (p) => update({ page: String(p) }) }}
      />
      <KeyPersonDrawer id={openId} onClose={() => setOpenId(null)} onEdit={(k) => setEditing(k)} onChanged={list.reload} />
      {list.data && editing && (
        <KeyPersonForm
          editing={editing}
          list={list.data}
          onClose={() => setEditing(null)}
          onSaved={(k) => {
            setEditing(null);
            list.reload();
            setOpenId(k.id);
            message.success(`已保存${k.nearestSchoolName ? `；最近学校：${k.nearestSchoolName}` : ''}`);
          }}
        />
      )}
    </Card>
  );
}
