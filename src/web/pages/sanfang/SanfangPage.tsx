import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import type { TableColumnsType } from 'antd';
import { Alert, App, Button, Card, Collapse, List, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { schoolTypeLabels, schoolTypes } from '../../../domain/school';
import { api } from '../../api/client';
import { useLoad, useOrgUnits } from '../../api/hooks';
import { useAuth } from '../../auth/AuthContext';
import { CountStrip } from '../../components/CountStrip';
import { messageOf } from '../../lib/errors';
import { useIsMobile } from '../../lib/useIsMobile';
import { DeviceCheckRateCard } from './DeviceStatus';

/**
 * 三防建设: the district's (or the reader's scope's) standing against the 三防 standards: guards
 * required / on post / short (summed per school, never netted), the "四个100%" with their scope
 * and failing schools, the townships, and every school short of something. School users go
 * straight to their own school's register.
 */
type Rate = {
  code: string;
  label: string;
  scope: string;
  applicable: number;
  met: number;
  rate: number | null;
  failing: { id: string; name: string; parentName: string }[];
};
type Group = { key: string; name: string; schools: number; guardsRequired: number; guardsOnPost: number; guardsShort: number; schoolsShort: number };
type SchoolRow = {
  id: string;
  code: string;
  name: string;
  parentName: string;
  schoolType: string;
  guardsRequired: number;
  guardsOnPost: number;
  guardsShort: number;
  unmet: { code: string; label: string; category: string; detail: string }[];
};
type Summary = {
  pack: { name: string; version: string };
  sentence: string;
  schools: number;
  guardsRequired: number;
  guardsOnPost: number;
  guardsShort: number;
  schoolsShort: number;
  rules: { code: string; label: string; applicable: number; met: number }[];
  rates: Rate[];
  byTownship: Group[];
  schoolRows: SchoolRow[];
};

const schoolRoles = new Set(['principal', 'school_safety_officer', 'staff']);

export default function SanfangPage() {
  const { user } = useAuth();
  const { message, modal } = App.useApp();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const [selected, setSelected] = useState<string[]>([]);
  const filter = { orgUnitId: params.get('orgUnitId') ?? undefined, schoolType: params.get('schoolType') ?? undefined };
  const units = useOrgUnits(['township', 'centre']);
  const summary = useLoad(() => api.get<Summary>('/api/sanfang/summary', filter), params.toString());
  if (user && schoolRoles.has(user.role)) return <Navigate to={`/sanfang/schools/${user.orgUnitId}`} replace />;
  const s = summary.data;
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next);
  };
  const download = (kind: 'export' | 'pdf') =>
    api.download(`/api/sanfang/summary/${kind}`, filter, kind === 'pdf' ? '三防情况.pdf' : '三防汇总.xlsx').catch((e: unknown) => message.error(messageOf(e)));
  const toHazards = () =>
    modal.confirm({
      title: `将 ${selected.length} 所学校的未达标项转为隐患？`,
      content: '每个未达标的标准登记一条隐患（类别为人防/物防/技防），已有未销号隐患的不重复登记。',
      okText: '转为隐患',
      cancelText: '取消',
      onOk: async () => {
        try {
          const r = await api.post<{ created: unknown[] }>('/api/sanfang/gap-hazards', { schoolIds: selected });
          message.success(`已登记 ${r.created.length} 条隐患`);
          setSelected([]);
        } catch (e) {
          message.error(messageOf(e));
        }
      },
    });

  const columns: TableColumnsType<SchoolRow> = [
    {
      title: '学校',
      key: 'name',
      render: (_: unknown, r) => (
        <div>
          <Link to={`/sanfang/schools/${r.id}`}>{r.name}</Link>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {r.parentName} · {schoolTypeLabels[r.schoolType as keyof typeof schoolTypeLabels] ?? r.schoolType}
          </Typography.Text>
          {isMobile && (
            <Typography.Text style={{ fontSize: 12 }} type={r.guardsShort ? 'danger' : undefined}>
              保安 应配{r.guardsRequired} 现有{r.guardsOnPost}
              {r.guardsShort ? ` 缺${r.guardsShort}` : ''} · 未达标 {r.unmet.length} 项
            </Typography.Text>
          )}
        </div>
      ),
    },
    ...(isMobile
      ? []
      : [
          { title: '应配保安', dataIndex: 'guardsRequired', key: 'req', width: 90, align: 'right' as const },
          { title: '现有', dataIndex: 'guardsOnPost', key: 'on', width: 70, align: 'right' as const },
          {
            title: '缺',
            dataIndex: 'guardsShort',
            key: 'short',
            width: 60,
            align: 'right' as const,
            render: (v: number) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : 0),
          },
          {
            title: '未达标项',
            key: 'unmet',
            render: (_: unknown, r: SchoolRow) => (
              <Space size={[4, 4]} wrap>
                {r.unmet.map((u) => (
                  <Tag key={u.code} color={u.category === '人防' ? 'volcano' : u.category === '物防' ? 'gold' : 'blue'}>
                    {u.label}
                  </Tag>
                ))}
              </Space>
            ),
          },
        ]),
  ];
  const failingSchools = (s?.schoolRows ?? []).filter((r) => r.unmet.length > 0);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          三防建设
        </Typography.Title>
        <Space wrap>
          <Button icon={<DownloadOutlined />} onClick={() => download('export')}>
            导出 Excel
          </Button>
          <Button icon={<PrinterOutlined />} onClick={() => download('pdf')}>
            打印报告
          </Button>
        </Space>
      </Space>
      <Space wrap>
        <Select
          allowClear
          placeholder="街道/教管中心"
          style={{ width: 180 }}
          value={filter.orgUnitId}
          onChange={(v) => set('orgUnitId', v)}
          options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
        />
        <Select
          allowClear
          placeholder="学校类型"
          style={{ width: 140 }}
          value={filter.schoolType}
          onChange={(v) => set('schoolType', v)}
          options={schoolTypes.map((t) => ({ value: t, label: schoolTypeLabels[t] }))}
        />
      </Space>
      {summary.error && <Alert type="error" title={summary.error} />}
      <CountStrip
        testIdPrefix="sanfang"
        loading={summary.loading}
        items={[
          { key: 'schools', title: '学校', value: s?.schools },
          { key: 'required', title: '应配保安', value: s?.guardsRequired },
          { key: 'onPost', title: '现有保安', value: s?.guardsOnPost },
          { key: 'short', title: '缺保安', value: s?.guardsShort, alert: true },
          { key: 'schoolsShort', title: '缺保安学校', value: s?.schoolsShort, alert: true },
        ]}
      />
      {s && (
        <Typography.Paragraph data-testid="sanfang-sentence" style={{ margin: 0 }}>
          {s.sentence}（逐校计算缺额，不以一校富余抵补他校）。依据：{s.pack.name} {s.pack.version}
        </Typography.Paragraph>
      )}
      <DeviceCheckRateCard orgUnitId={filter.orgUnitId} />
      <Card size="small" title="三防达标率（“4 个 100%”）">
        <List
          dataSource={s?.rates ?? []}
          renderItem={(r) => (
            <List.Item data-testid={`rate-${r.code}`}>
              <div style={{ width: '100%' }}>
                <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                  <Typography.Text strong>{r.label}</Typography.Text>
                  <Typography.Text>
                    {r.met}/{r.applicable}
                  </Typography.Text>
                </Space>
                <Progress percent={r.rate ?? 0} size="small" status={r.rate === 100 ? 'success' : 'exception'} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  适用：{r.scope}
                </Typography.Text>
                {r.failing.length > 0 && (
                  <Collapse
                    ghost
                    size="small"
                    items={[
                      {
                        key: 'f',
                        label: `未达标 ${r.failing.length} 所`,
                        children: (
                          <Space size={[4, 4]} wrap>
                            {r.failing.map((f) => (
                              <Link key={f.id} to={`/sanfang/schools/${f.id}`}>
                                <Tag>{f.name}</Tag>
                              </Link>
                            ))}
                          </Space>
                        ),
                      },
                    ]}
                  />
                )}
              </div>
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title="各街镇保安配备">
        <Table<Group>
          size="small"
          rowKey="key"
          pagination={false}
          loading={summary.loading}
          dataSource={s?.byTownship ?? []}
          scroll={{ x: true }}
          columns={[
            { title: '街道/教管中心', dataIndex: 'name', key: 'name' },
            { title: '学校', dataIndex: 'schools', key: 'schools', align: 'right' },
            { title: '应配', dataIndex: 'guardsRequired', key: 'r', align: 'right' },
            { title: '现有', dataIndex: 'guardsOnPost', key: 'o', align: 'right' },
            {
              title: '缺',
              dataIndex: 'guardsShort',
              key: 's',
              align: 'right',
              render: (v: number) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : 0),
            },
          ]}
        />
      </Card>
      <Card size="small" title="各项标准达标学校数">
        <Space size={[6, 6]} wrap>
          {(s?.rules ?? []).map((r) => (
            <Tag key={r.code} color={r.met === r.applicable ? 'green' : 'red'}>
              {r.label} {r.met}/{r.applicable}
            </Tag>
          ))}
        </Space>
      </Card>
      <Card
        size="small"
        title={`未达标学校（${failingSchools.length}）`}
        extra={
          user?.scope.canWrite || user?.role === 'police_officer' ? (
            <Button size="small" disabled={!selected.length} onClick={toHazards} data-testid="sanfang-bulk-hazards">
              转为隐患{selected.length ? `（${selected.length}）` : ''}
            </Button>
          ) : null
        }
      >
        <Table<SchoolRow>
          size="small"
          rowKey="id"
          loading={summary.loading}
          dataSource={failingSchools}
          columns={columns}
          pagination={{ pageSize: 20, size: 'small' }}
          rowSelection={
            user?.scope.canWrite || user?.role === 'police_officer' ? { selectedRowKeys: selected, onChange: (k) => setSelected(k as string[]) } : undefined
          }
        />
      </Card>
    </Space>
  );
}
