import { Alert, DatePicker, Form, Input, Modal, Radio, Select, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { bulletinKindLabels, bulletinKinds } from '../../../domain/bulletin';
import { ApiError, api } from '../../api/client';
import { useLoad, useOrgUnits } from '../../api/hooks';
import { applyFieldErrors, messageOf } from '../../lib/errors';
import type { BulletinDetail, Candidate } from './types';

type ReportTypeOption = { code: string; label: string; current: { key: string; label: string } | null };
type StatusRow = { unitId: string; unitName: string; parentId: string | null; standing: string; standingLabel: string; returnCount: number };
type CitedReportRow = StatusRow & { key: string; typeCode: string; periodKey: string; typeLabel: string; periodLabel: string; dueOn: string };
type CalendarItem = {
  obligation: { code: string; label: string };
  period: { key: string; label: string };
  cell: { status: string; done: number; required: number };
  missed: { period: { key: string; label: string }; done: number; required: number }[];
};
type CitedDutyRow = { key: string; obligationCode: string; periodKey: string; label: string; periodLabel: string; done: number; required: number };
const citable = new Set(['late', 'missing', 'returned']);

/** The unit's late, missing and returned reports of one type and period (the status board's rows). */
function useCitableReports(unitId: string | undefined, typeCode: string | undefined, periodKey: string | undefined) {
  return useLoad(async (): Promise<CitedReportRow[]> => {
    if (!unitId || !typeCode || !periodKey) return [];
    const b = await api.get<{
      type: { code: string; label: string };
      period: { key: string; label: string };
      dueOn: string;
      rows: StatusRow[];
    }>('/api/reports/status', { typeCode, periodKey });
    return b.rows
      .filter((r) => (r.unitId === unitId || r.parentId === unitId) && citable.has(r.standing))
      .map((r) => ({
        ...r,
        key: `${r.unitId}:${typeCode}:${periodKey}`,
        typeCode,
        periodKey,
        typeLabel: b.type.label,
        periodLabel: b.period.label,
        dueOn: b.dueOn,
      }));
  }, `${unitId}:${typeCode}:${periodKey}`);
}

/** A school's missed duty periods this semester (the compliance calendar's), the current one if overdue. */
function useMissedDuties(schoolId: string | undefined) {
  return useLoad(async (): Promise<CitedDutyRow[]> => {
    if (!schoolId) return [];
    const cal = await api.get<{ items: CalendarItem[] }>(`/api/schools/${encodeURIComponent(schoolId)}/compliance-calendar`, { range: 'semester' });
    return cal.items.flatMap((it) =>
      [
        ...it.missed.map((m) => ({ period: m.period, done: m.done, required: m.required })),
        ...(it.cell.status === 'overdue' ? [{ period: it.period, done: it.cell.done, required: it.cell.required }] : []),
      ].map((m) => ({
        key: `${it.obligation.code}:${m.period.key}`,
        obligationCode: it.obligation.code,
        periodKey: m.period.key,
        label: it.obligation.label,
        periodLabel: m.period.label,
        done: m.done,
        required: m.required,
      })),
    );
  }, `duties:${schoolId}`);
}

type HazardRow = { id: string; code: string; title: string; state: string; stateLabel?: string; deadline: string | null; overdue: boolean; schoolName: string };
type Values = { kind: string; unitId: string; title: string; reason: string; requirements?: string; respondBy?: Dayjs };

/**
 * 发出通报/约谈/挂牌督办: the unit (or one of the suggested schools), the reason, and the rows of
 * the hazard ledger that triggered it — the unit's open hazards, the overdue ones preselected.
 */
export function IssueBulletinModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const units = useOrgUnits(['school', 'township', 'centre', 'department']);
  const candidates = useLoad(
    () => (open ? api.get<{ rule: string; items: Candidate[] }>('/api/bulletins/candidates') : Promise.resolve(undefined)),
    String(open),
  );
  const unitId = Form.useWatch('unitId', form);
  const unitKind = units.data?.find((u) => u.id === unitId)?.kind;
  // The ledger filter for the unit's hazards: a school's, a centre's schools', or those a department is responsible for.
  const ledgerFilter = unitKind === 'school' ? { schoolId: unitId } : unitKind === 'department' ? { responsibleUnitId: unitId } : { parentId: unitId };
  const hazards = useLoad(
    () =>
      unitId && unitKind
        ? api.get<{ items: HazardRow[] }>('/api/hazards', { ...ledgerFilter, open: true, pageSize: 200, sort: 'deadline' })
        : Promise.resolve({ items: [] }),
    `${unitId ?? ''}:${unitKind ?? ''}`,
  );
  const [picked, setPicked] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const rows = hazards.data?.items ?? [];
  const selected = picked ?? rows.filter((h) => h.overdue).map((h) => h.id);
  const types = useLoad(() => (open ? api.get<{ items: ReportTypeOption[] }>('/api/report-types') : Promise.resolve(undefined)), `types:${open}`);
  const [typeCode, setTypeCode] = useState<string | undefined>();
  const type = types.data?.items.find((x) => x.code === typeCode) ?? types.data?.items.find((x) => x.current);
  const reportRows = useCitableReports(unitId, type?.code, type?.current?.key);
  const dutyRows = useMissedDuties(unitKind === 'school' ? unitId : undefined);
  const [reportKeys, setReportKeys] = useState<string[]>([]);
  const [dutyKeys, setDutyKeys] = useState<string[]>([]);
  const cited = {
    reports: (reportRows.data ?? []).filter((r) => reportKeys.includes(r.key)).map((r) => ({ typeCode: r.typeCode, periodKey: r.periodKey, unitId: r.unitId })),
    duties: (dutyRows.data ?? [])
      .filter((d) => dutyKeys.includes(d.key))
      .map((d) => ({ schoolId: unitId, obligationCode: d.obligationCode, periodKey: d.periodKey })),
  };

  const pickCandidate = (c: Candidate) => {
    form.setFieldsValue({ unitId: c.unitId, title: `${c.unitName}隐患整改不力`, reason: `${c.reason}，整改进度滞后。` });
    setPicked(null);
  };

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const body = { ...v, requirements: v.requirements ?? '', respondBy: v.respondBy?.format('YYYY-MM-DD'), hazardIds: selected, ...cited };
      const r = await api.post<BulletinDetail>('/api/bulletins', body);
      onClose();
      navigate(`/bulletins/${r.bulletin.id}`);
    } catch (err) {
      if (!applyFieldErrors(form, err, ['kind', 'unitId', 'title', 'reason', 'requirements', 'respondBy'])) {
        setError(`${err instanceof ApiError ? `[${err.code}] ` : ''}${messageOf(err)}`);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title="发出通报/约谈/挂牌督办"
      width={860}
      okText="发出"
      cancelText="取消"
      confirmLoading={busy}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {!!candidates.data?.items.length && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={`建议关注（${candidates.data.rule}）`}
          description={
            <div style={{ maxHeight: 96, overflow: 'auto' }}>
              {candidates.data.items.slice(0, 10).map((c) => (
                <div key={c.unitId}>
                  <Typography.Link onClick={() => pickCandidate(c)}>{c.unitName}</Typography.Link>：{c.reason}
                </div>
              ))}
            </div>
          }
        />
      )}
      <Form form={form} layout="vertical" initialValues={{ kind: 'criticism' }}>
        <Form.Item name="kind" label="类型" rules={[{ required: true }]}>
          <Radio.Group options={bulletinKinds.map((k) => ({ value: k, label: bulletinKindLabels[k] }))} optionType="button" />
        </Form.Item>
        <Form.Item name="unitId" label="被通报单位" rules={[{ required: true, message: '请选择单位' }]}>
          <Select
            showSearch
            optionFilterProp="label"
            placeholder="选择学校、教管中心或部门"
            loading={units.loading}
            onChange={() => {
              setPicked(null);
              setReportKeys([]);
              setDutyKeys([]);
            }}
            options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
          />
        </Form.Item>
        <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '请填写标题' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="reason" label="事由" rules={[{ required: true, whitespace: true, message: '请填写事由' }]}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <Form.Item name="requirements" label="整改要求">
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
        <Form.Item name="respondBy" label="反馈期限">
          <DatePicker />
        </Form.Item>
      </Form>
      {unitId && (
        <>
          <Typography.Text strong>引用的隐患（已选 {selected.length} 项，默认选中逾期的）</Typography.Text>
          <Table<HazardRow>
            rowKey="id"
            size="small"
            loading={hazards.loading}
            dataSource={rows}
            pagination={false}
            scroll={{ y: 200 }}
            rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setPicked(keys as string[]) }}
            columns={[
              { title: '编号', dataIndex: 'code', width: 130 },
              { title: '隐患', dataIndex: 'title' },
              { title: '学校', dataIndex: 'schoolName', width: 160 },
              {
                title: '期限',
                dataIndex: 'deadline',
                width: 110,
                render: (v: string | null, h) => <span style={h.overdue ? { color: '#cf1322' } : undefined}>{v ?? '—'}</span>,
              },
            ]}
          />
          <Space style={{ marginTop: 12, marginBottom: 4 }} wrap>
            <Typography.Text strong>引用迟报、未报、退回的报表（已选 {cited.reports.length} 份）</Typography.Text>
            <Select
              size="small"
              style={{ width: 320 }}
              aria-label="报表类型"
              value={type?.code}
              onChange={(v: string) => {
                setTypeCode(v);
                setReportKeys([]);
              }}
              options={(types.data?.items ?? []).filter((x) => x.current).map((x) => ({ value: x.code, label: `${x.label}（${x.current?.label}）` }))}
            />
          </Space>
          <Table<CitedReportRow>
            rowKey="key"
            size="small"
            data-testid="cite-reports"
            loading={reportRows.loading}
            dataSource={reportRows.data ?? []}
            pagination={false}
            scroll={{ y: 160 }}
            locale={{ emptyText: '该单位本期没有迟报、未报或退回的报表' }}
            rowSelection={{ selectedRowKeys: reportKeys, onChange: (keys) => setReportKeys(keys as string[]) }}
            columns={[
              { title: '单位', dataIndex: 'unitName' },
              { title: '周期', dataIndex: 'periodLabel', width: 110 },
              { title: '情况', width: 170, render: (_, r) => `${r.standingLabel}（截止 ${r.dueOn}）` },
            ]}
          />
          {unitKind === 'school' && (
            <>
              <Typography.Text strong style={{ display: 'block', marginTop: 12 }}>
                引用本学期逾期未完成的职责（已选 {cited.duties.length} 项）
              </Typography.Text>
              <Table<CitedDutyRow>
                rowKey="key"
                size="small"
                data-testid="cite-duties"
                loading={dutyRows.loading}
                dataSource={dutyRows.data ?? []}
                pagination={false}
                scroll={{ y: 160 }}
                locale={{ emptyText: '本学期没有逾期未完成的职责' }}
                rowSelection={{ selectedRowKeys: dutyKeys, onChange: (keys) => setDutyKeys(keys as string[]) }}
                columns={[
                  { title: '职责', dataIndex: 'label' },
                  { title: '周期', dataIndex: 'periodLabel', width: 150 },
                  { title: '完成', width: 90, render: (_, d) => `${d.done}/${d.required}` },
                ]}
              />
            </>
          )}
        </>
      )}
    </Modal>
  );
}
