import { PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Form, Image, Input, Modal, Radio, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useHazardVocab, useLoad, useOrgUnits } from '../../api/hooks';
import type { Hazard, Paged } from '../../api/types';
import { useCurrentUser } from '../../auth/AuthContext';
import { applyFieldErrors, messageOf } from '../../lib/errors';
import { useIsMobile } from '../../lib/useIsMobile';
import type { CaseTypes } from '../cases/casesApi';
import type { TriageReport } from './publicReportsApi';

type Status = 'pending' | 'done' | 'all';
type QueueCounts = { received: number; handled: number };
const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
const triageRoles = new Set(['district_admin', 'centre_officer']);
const openPdf = (unitId: string) => window.open(`/api/public-reports/qr?unitId=${encodeURIComponent(unitId)}`, '_blank', 'noopener');

/** 打印扫码反映二维码: the district's poster (district admin) and any school's in the user's scope. */
function QrCard() {
  const user = useCurrentUser();
  const schools = useOrgUnits(['school']);
  const schoolUser = user.role === 'principal' || user.role === 'school_safety_officer';
  const [schoolId, setSchoolId] = useState<string | undefined>(schoolUser ? user.orgUnitId : undefined);
  return (
    <Card size="small" title="扫码反映二维码" style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        打印后张贴在校门、家长接送区等处。家长和群众扫码即可反映问题，无需登录；反映进入
        {schoolUser ? '学校所属教管中心和区教委' : '教管中心或区教委'}的分拣队列。
      </Typography.Paragraph>
      <Space wrap>
        {user.role === 'district_admin' && (
          <Button icon={<PrinterOutlined />} onClick={() => openPdf(user.districtId)}>
            全区二维码（A4）
          </Button>
        )}
        {!schoolUser && (
          <Select
            style={{ width: 260 }}
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="选择学校"
            loading={schools.loading}
            value={schoolId}
            onChange={setSchoolId}
            options={(schools.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          />
        )}
        <Button type={schoolUser ? 'primary' : 'default'} icon={<PrinterOutlined />} disabled={!schoolId} onClick={() => schoolId && openPdf(schoolId)}>
          {schoolUser ? '打印本校二维码（A4）' : '学校二维码（A4）'}
        </Button>
      </Space>
    </Card>
  );
}

type TriageValues = {
  outcome: 'hazard' | 'merged' | 'rejected' | 'case' | 'merged_case';
  caseId?: string;
  typeCode?: string;
  schoolId?: string;
  title?: string;
  category?: string;
  place?: string;
  hazardId?: string;
  publicReply?: string;
  note?: string;
};
const fields = ['outcome', 'typeCode', 'schoolId', 'title', 'category', 'place', 'hazardId', 'caseId', 'publicReply', 'note'];
type OpenCase = { id: string; code: string; title: string; stateLabel: string };

function TriageModal({ report, onClose, onDone }: { report: TriageReport; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const vocab = useHazardVocab();
  const schools = useOrgUnits(['school']);
  const caseTypes = useLoad(() => api.get<CaseTypes>('/api/case-types'), 'case-types');
  const [form] = Form.useForm<TriageValues>();
  const outcome = Form.useWatch('outcome', form);
  const schoolId = Form.useWatch('schoolId', form);
  const [hazards, setHazards] = useState<Hazard[]>([]);
  const [cases, setCases] = useState<OpenCase[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (outcome !== 'merged' || !schoolId) return setHazards([]);
    api
      .get<Paged<Hazard>>('/api/hazards', { schoolId, pageSize: 100 })
      .then((r) => setHazards(r.items.filter((h) => h.state !== 'closed')))
      .catch(() => setHazards([]));
  }, [outcome, schoolId]);

  // 并入已有案件: the open cases the user sees, of the chosen school when one is chosen.
  useEffect(() => {
    if (outcome !== 'merged_case') return setCases([]);
    api
      .get<Paged<OpenCase>>('/api/cases', { open: true, pageSize: 100, ...(schoolId ? { schoolId } : {}) })
      .then((r) => setCases(r.items))
      .catch(() => setCases([]));
  }, [outcome, schoolId]);

  const submit = async (v: TriageValues) => {
    setSaving(true);
    setError(null);
    const body =
      v.outcome === 'hazard'
        ? {
            outcome: v.outcome,
            schoolId: v.schoolId,
            title: v.title,
            category: v.category,
            place: v.place,
            publicReply: v.publicReply ?? '',
            note: v.note ?? '',
          }
        : v.outcome === 'merged'
          ? { outcome: v.outcome, hazardId: v.hazardId, publicReply: v.publicReply ?? '', note: v.note ?? '' }
          : v.outcome === 'merged_case'
            ? { outcome: v.outcome, caseId: v.caseId, publicReply: v.publicReply ?? '', note: v.note ?? '' }
            : v.outcome === 'case'
              ? { outcome: v.outcome, typeCode: v.typeCode, title: v.title, schoolId: v.schoolId, publicReply: v.publicReply ?? '', note: v.note ?? '' }
              : { outcome: v.outcome, publicReply: v.publicReply ?? '', note: v.note ?? '' };
    try {
      const r = await api.post<TriageReport>(`/api/public-reports/${report.id}/triage`, body);
      message.success(r.hazard ? `已${r.outcomeLabel} ${r.hazard.code}` : r.case ? `已${r.outcomeLabel} ${r.case.code}` : `已${r.outcomeLabel}`);
      onDone();
    } catch (err) {
      applyFieldErrors(form, err, fields);
      setError(messageOf(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title={`分拣群众反映 ${report.receipt}`} onCancel={onClose} onOk={() => form.submit()} okText="确定" confirmLoading={saving} destroyOnHidden>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{report.description}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="triage-error" />}
      <Form<TriageValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ outcome: 'hazard', schoolId: report.school?.id, title: report.description.slice(0, 30), place: undefined, typeCode: 'public_report' }}
      >
        <Form.Item name="outcome" label="处理结果">
          <Radio.Group
            optionType="button"
            options={[
              { value: 'hazard', label: '转为隐患' },
              { value: 'merged', label: '并入已有隐患' },
              { value: 'case', label: '受理为案件' },
              { value: 'merged_case', label: '并入已有案件' },
              { value: 'rejected', label: '不予受理' },
            ]}
          />
        </Form.Item>
        {outcome === 'case' && (
          <>
            <Form.Item name="typeCode" label="案件类型" rules={[{ required: true, message: '请选择案件类型' }]}>
              <Select
                loading={caseTypes.loading}
                options={(caseTypes.data?.types ?? []).filter((t) => !t.incident).map((t) => ({ value: t.code, label: t.label }))}
              />
            </Form.Item>
            <Form.Item name="title" label="案件标题" rules={[{ required: true, whitespace: true, message: '请填写案件标题' }]}>
              <Input maxLength={100} />
            </Form.Item>
          </>
        )}
        {outcome !== 'rejected' && (
          <Form.Item name="schoolId" label="学校" rules={outcome === 'case' || outcome === 'merged_case' ? [] : [{ required: true, message: '请选择学校' }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="选择学校"
              loading={schools.loading}
              options={(schools.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            />
          </Form.Item>
        )}
        {outcome === 'hazard' && (
          <>
            <Form.Item name="title" label="隐患标题" rules={[{ required: true, whitespace: true, message: '请填写隐患标题' }]}>
              <Input maxLength={100} />
            </Form.Item>
            <Space.Compact block>
              <Form.Item name="place" label="部位" rules={[{ required: true, message: '请选择部位' }]} style={{ flex: 1, marginRight: 8 }}>
                <Select showSearch={{ optionFilterProp: 'label' }} placeholder="选择部位" options={vocab.places.map((p) => ({ value: p, label: p }))} />
              </Form.Item>
              <Form.Item name="category" label="类别" rules={[{ required: true, message: '请选择类别' }]} style={{ flex: 1 }}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder="选择类别"
                  options={vocab.categories.map((c) => ({ value: c.code, label: c.label }))}
                />
              </Form.Item>
            </Space.Compact>
          </>
        )}
        {outcome === 'merged' && (
          <Form.Item name="hazardId" label="并入的隐患（未销号）" rules={[{ required: true, message: '请选择隐患' }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={schoolId ? '选择隐患' : '先选择学校'}
              options={hazards.map((h) => ({ value: h.id, label: `${h.code} ${h.title}（${h.stateLabel}）` }))}
            />
          </Form.Item>
        )}
        {outcome === 'merged_case' && (
          <Form.Item name="caseId" label="并入的案件（办理中）" rules={[{ required: true, message: '请选择案件' }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="选择案件"
              data-testid="triage-case"
              options={cases.map((c) => ({ value: c.id, label: `${c.code} ${c.title}（${c.stateLabel}）` }))}
            />
          </Form.Item>
        )}
        <Form.Item
          name="publicReply"
          label={outcome === 'rejected' ? '不予受理的理由（反映人可见）' : '答复反映人（选填，反映人可见）'}
          rules={outcome === 'rejected' ? [{ required: true, whitespace: true, message: '不予受理须写明理由' }] : []}
        >
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Form.Item name="note" label="内部备注（反映人不可见）">
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 群众反映: the triage queue of the district admin and the 教管中心, and the QR posters. */
export default function PublicReportsPage() {
  const user = useCurrentUser();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const status = (['pending', 'done', 'all'].includes(params.get('status') ?? '') ? params.get('status') : 'pending') as Status;
  const page = Number(params.get('page') ?? 1) || 1;
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const canTriage = triageRoles.has(user.role);
  const list = useLoad(
    () =>
      canTriage
        ? api.get<Paged<TriageReport> & { counts: QueueCounts }>('/api/public-reports', { status, page, pageSize: 20, from, to })
        : Promise.resolve(undefined),
    `${status}:${page}:${canTriage}:${from}:${to}`,
  );
  /** The query string kept across tabs and pages: the date filter stays. */
  const go = (next: Record<string, string | undefined>) => {
    const all = { status, from, to, ...next };
    setParams(Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => !!e[1])));
  };
  const counts = list.data?.counts;
  const [triaging, setTriaging] = useState<TriageReport | null>(null);

  return (
    <Card title="群众反映" styles={{ body: { padding: isMobile ? 12 : 24 } }}>
      <QrCard />
      {canTriage && (
        <>
          <Tabs
            activeKey={status}
            onChange={(k) => go({ status: k })}
            items={[
              { key: 'pending', label: '待分拣' },
              { key: 'done', label: '已处理' },
              { key: 'all', label: '全部' },
            ]}
          />
          <Space wrap style={{ marginBottom: 12 }}>
            <DatePicker.RangePicker
              value={from && to ? [dayjs(from), dayjs(to)] : null}
              inputReadOnly={isMobile}
              placeholder={['收到日期起', '收到日期止']}
              onChange={(v) => go({ from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD'), page: undefined })}
            />
            {counts && (
              <Typography.Text data-testid="queue-counts">
                {from && to ? `${from} 至 ${to}` : '全部时间'}：收到 <b>{counts.received}</b> 件，已处理 <b>{counts.handled}</b> 件，待分拣{' '}
                <b>{counts.received - counts.handled}</b> 件
              </Typography.Text>
            )}
          </Space>
          {list.error && <Alert type="error" showIcon title={list.error} />}
          <Table<TriageReport>
            rowKey="id"
            size="small"
            loading={list.loading}
            dataSource={list.data?.items ?? []}
            scroll={{ x: 900 }}
            pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: (p) => go({ page: String(p) }) }}
            columns={[
              { title: '反映时间', dataIndex: 'submittedAt', width: 150, render: (v: string) => when(v) },
              {
                title: '学校',
                width: 160,
                render: (_, r) => r.school?.name ?? <Typography.Text type="secondary">未指明（{r.handlingUnit.name}）</Typography.Text>,
              },
              {
                title: '内容',
                render: (_, r) => (
                  <div data-testid="report-row">
                    <div style={{ whiteSpace: 'pre-wrap' }}>{r.description}</div>
                    {r.place && <Typography.Text type="secondary">地点：{r.place}</Typography.Text>}
                    {r.photos.length > 0 && (
                      <Image.PreviewGroup>
                        <Space style={{ marginTop: 4 }}>
                          {r.photos.map((p) => (
                            <Image key={p.no} src={p.url} width={56} height={56} style={{ objectFit: 'cover' }} alt={p.fileName} />
                          ))}
                        </Space>
                      </Image.PreviewGroup>
                    )}
                  </div>
                ),
              },
              {
                title: '反映人',
                width: 130,
                render: (_, r) =>
                  r.contactName || r.contactPhone ? `${r.contactName} ${r.contactPhone}`.trim() : <Typography.Text type="secondary">匿名</Typography.Text>,
              },
              {
                title: '处理',
                width: 200,
                render: (_, r) =>
                  r.outcome ? (
                    <Space orientation="vertical" size={0}>
                      <span>
                        <Tag>{r.outcomeLabel}</Tag>
                        {r.hazard && <Link to={`/hazards/${r.hazard.id}`}>{r.hazard.code}</Link>}
                        {r.case && <Link to={`/cases/${r.case.id}`}>{r.case.code}</Link>}
                      </span>
                      <Typography.Text type="secondary">
                        反映人看到：{r.publicStatusLabel}
                        {r.publicReply && `（${r.publicReply}）`}
                      </Typography.Text>
                      {r.internalNote && <Typography.Text type="secondary">备注：{r.internalNote}</Typography.Text>}
                    </Space>
                  ) : (
                    <Button type="primary" size="small" onClick={() => setTriaging(r)}>
                      分拣
                    </Button>
                  ),
              },
            ]}
          />
        </>
      )}
      {triaging && (
        <TriageModal
          report={triaging}
          onClose={() => setTriaging(null)}
          onDone={() => {
            setTriaging(null);
            list.reload();
          }}
        />
      )}
    </Card>
  );
}
