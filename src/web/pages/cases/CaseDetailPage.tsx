import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { useHazardVocab, useLoad, useOrgUnits } from '../../api/hooks';
import type { Attachment } from '../../api/types';
import { useCurrentUser } from '../../auth/AuthContext';
import { AttachmentList } from '../../components/AttachmentList';
import { PageLoading } from '../../components/PageState';
import { PhotoUpload } from '../../components/PhotoUpload';
import { messageOf } from '../../lib/errors';
import { useIsMobile } from '../../lib/useIsMobile';
import { type CaseDetail, type CaseTypes, fmt, limitText, slaColor } from './casesApi';

/** What each action asks for; the server decides whether it is allowed (availableActions) and checks it again. */
const actionLabels: Record<string, string> = {
  assign: '任务分办',
  accept: '签收办理',
  return: '退回（非本单位职责）',
  submit: '上报办理结果',
  approve: '督查通过',
  send_back: '督办退回重办',
  reply: '情况反馈（答复）',
  archive: '整理归档',
  extend: '延期',
  reopen: '复查/复核',
  acknowledge: '确认收到上报',
  note: '补充记录',
  correct_level: '更正事故等级',
  record_report: '事故报告',
  update_incident: '处置、责任、理赔与调解',
  raise_hazard: '转为隐患',
  mark_concealed: '认定瞒报',
};
const needsNote = new Set(['return', 'submit', 'send_back', 'extend', 'reopen', 'correct_level', 'mark_concealed']);
const primary = new Set(['assign', 'accept', 'submit', 'approve', 'reply', 'archive', 'acknowledge']);

/** 「 1 个工作日内」, or 「不限时」 when the pack sets no limit for the step. */
const within = (l: Parameters<typeof limitText>[0]) => (l ? ` ${limitText(l)}内` : '不限时');

/** 案件详情: the case, its SLA, escalations and incident record, the timeline, and the step actions the user may take. */
export default function CaseDetailPage() {
  const { id = '' } = useParams();
  const c = useLoad(() => api.get<CaseDetail>(`/api/cases/${id}`), `case:${id}`);
  const types = useLoad(() => api.get<CaseTypes>('/api/case-types'), 'types');
  const [acting, setActing] = useState<string | null>(null);
  const isMobile = useIsMobile();
  if (c.error) return <Alert type="error" showIcon message={c.error} />;
  if (!c.data) return <PageLoading />;
  const d = c.data;
  const heading = (
    <Space wrap>
      <span data-testid="case-code">{d.code}</span>
      <span style={{ whiteSpace: 'normal' }}>{d.title}</span>
      <Tag>{d.typeLabel}</Tag>
      {d.confidentiality === 'minor' && <Tag color="purple">涉未成年人·限本案单位</Tag>}
    </Space>
  );
  const actions = (
    <Space wrap>
      {d.availableActions.map((a) => (
        <Button key={a} type={primary.has(a) ? 'primary' : 'default'} onClick={() => setActing(a)}>
          {actionLabels[a] ?? a}
        </Button>
      ))}
    </Space>
  );
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {/* On a phone the card head has no room for both: the number and title first, the steps under them. */}
      <Card title={isMobile ? undefined : heading} extra={isMobile ? undefined : actions}>
        {isMobile && (
          <div style={{ marginBottom: 12 }}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {heading}
            </Typography.Title>
            {actions}
          </div>
        )}
        <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
          <Descriptions.Item label="环节">
            <span data-testid="case-state">{d.stateLabel}</span>
          </Descriptions.Item>
          <Descriptions.Item label="时限">
            <Tag color={slaColor[d.sla]} data-testid="case-sla">
              {d.slaLabel}
            </Tag>{' '}
            <span data-testid="case-due">{d.sla !== 'none' && `本环节 ${fmt(d.stepDueAt)} 前`}</span>
            {d.handlingDueAt && d.state === 'assigned' && <span data-testid="case-handling-due">；分办单位指定 {fmt(d.handlingDueAt)} 前办结</span>}
          </Descriptions.Item>
          <Descriptions.Item label="来源">{d.sourceLabel}</Descriptions.Item>
          <Descriptions.Item label="类别">{d.kind || '—'}</Descriptions.Item>
          <Descriptions.Item label="学校">{d.schoolName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="相关学校">{d.relatedSchools.map((s) => s.name).join('、') || '—'}</Descriptions.Item>
          <Descriptions.Item label="登记单位">{d.ownerUnitName}</Descriptions.Item>
          <Descriptions.Item label="承办单位">
            <span data-testid="case-assignee">{d.assignedUnitName ?? '未分办'}</span>
          </Descriptions.Item>
          <Descriptions.Item label="反映人/报告人">
            {d.reporterName || '—'} {d.reporterPhone} {d.masked && <Typography.Text type="secondary">（个人信息已隐藏）</Typography.Text>}
          </Descriptions.Item>
          <Descriptions.Item label="涉及对象">{d.subjectName || '—'}</Descriptions.Item>
          <Descriptions.Item label="登记">
            {d.createdByName} {fmt(d.createdAt)}
          </Descriptions.Item>
          <Descriptions.Item label="答复">{d.requiresReply ? (d.repliedAt ? `${fmt(d.repliedAt)}：${d.reply}` : '未答复') : '不需答复'}</Descriptions.Item>
          <Descriptions.Item label="内容" span={2}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{d.description || '—'}</Typography.Paragraph>
          </Descriptions.Item>
        </Descriptions>
        {d.attachments.length > 0 && (
          <div style={{ marginTop: 12 }}>
            <AttachmentList files={d.attachments} caption="文件" />
          </div>
        )}
      </Card>
      {d.escalations.length > 0 && (
        <Card title="即时上报" size="small">
          {d.escalations.map((e) => (
            <div key={`${e.target}${e.unitName}`}>
              {e.unitName}：{fmt(e.notifiedAt)} 通知，
              {e.acknowledgedAt ? (
                <span>
                  {e.acknowledgedByName} {fmt(e.acknowledgedAt)} 确认（用时 {e.minutesToAcknowledge} 分钟）
                </span>
              ) : (
                <Typography.Text type="danger">尚未确认</Typography.Text>
              )}
            </div>
          ))}
        </Card>
      )}
      {d.incident && <IncidentCard d={d} />}
      {d.hazards.length > 0 && (
        <Card title="转入的隐患" size="small">
          {d.hazards.map((h) => (
            <div key={h.id}>
              <Link to={`/hazards/${h.id}`}>
                {h.code} {h.title}
              </Link>
            </div>
          ))}
        </Card>
      )}
      <Card title="办理过程" size="small">
        <Timeline
          items={d.timeline.map((e) => ({
            key: e.seq,
            children: (
              <div>
                <Typography.Text strong>{e.actionLabel}</Typography.Text> <Typography.Text type="secondary">→ {e.toStateLabel}</Typography.Text>
                <div>
                  <Typography.Text type="secondary">
                    {fmt(e.at)} · {e.actorName} · {e.unitName}
                  </Typography.Text>
                </div>
                {e.note && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{e.note}</Typography.Paragraph>}
              </div>
            ),
          }))}
        />
      </Card>
      {acting && (
        <ActionModal
          d={d}
          action={acting}
          types={types.data}
          onClose={() => setActing(null)}
          onDone={() => {
            setActing(null);
            c.reload();
          }}
        />
      )}
    </Space>
  );
}

function IncidentCard({ d }: { d: CaseDetail }) {
  const i = d.incident;
  if (!i) return null;
  const color = { done: 'green', late: 'orange', overdue: 'red', open: 'default' } as const;
  const text = { done: '已报', late: '迟报', overdue: '超时未报', open: '未到期' } as const;
  return (
    <Card title="事故信息" size="small">
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label="发生时间">{fmt(i.occurredAt)}</Descriptions.Item>
        <Descriptions.Item label="地点">{i.place || '—'}</Descriptions.Item>
        <Descriptions.Item label="等级">
          {i.levelLabel}
          {i.levelCorrectedBy && `（${i.levelCorrectedBy}更正，按阈值为${i.levelComputedLabel}）`}
        </Descriptions.Item>
        <Descriptions.Item label="伤亡">
          死亡 {i.deaths}，重伤 {i.seriousInjuries}，轻伤 {i.minorInjuries}
        </Descriptions.Item>
        <Descriptions.Item label="直接经济损失">{i.lossYuan} 元</Descriptions.Item>
        <Descriptions.Item label="校方责任险">
          {i.insuranceStatusLabel}
          {i.insuranceAmount != null && `，${i.insuranceAmount} 元`}
        </Descriptions.Item>
        <Descriptions.Item label="处置情况" span={3}>
          {i.handling || '—'}
        </Descriptions.Item>
        <Descriptions.Item label="责任认定" span={3}>
          {i.liability || '—'}
        </Descriptions.Item>
        <Descriptions.Item label="调解结果" span={3}>
          {i.mediationOutcome || '—'}
        </Descriptions.Item>
        <Descriptions.Item label="教训与整改" span={3}>
          {i.lessons || '—'}
        </Descriptions.Item>
      </Descriptions>
      <Space wrap>
        {i.reports.map((r) => (
          <Tag key={r.kind} color={color[r.status]}>
            {r.label}：{text[r.status]}（时限 {fmt(r.dueAt)}
            {r.doneAt ? `，报于 ${fmt(r.doneAt)}` : ''}
            {r.lateText ? `，${r.lateText}` : ''}）
          </Tag>
        ))}
        {i.concealed && (
          <Tag color="red" data-testid="case-concealed">
            瞒报（{i.concealed.byName} 认定于 {fmt(i.concealed.at)}：{i.concealed.reason}）
          </Tag>
        )}
        {i.upward && (
          <Tag color={color[i.upward.status]} data-testid="case-upward">
            区教委{i.upward.label}：{text[i.upward.status]}（时限 {fmt(i.upward.dueAt)}
            {i.upward.doneAt ? `，报于 ${fmt(i.upward.doneAt)}` : ''}）
          </Tag>
        )}
      </Space>
    </Card>
  );
}

type ActionValues = Record<string, unknown> & { note?: string; attachments?: Attachment[] };

function ActionModal(props: { d: CaseDetail; action: string; types: CaseTypes | undefined; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const user = useCurrentUser();
  const { d, action } = props;
  const [form] = Form.useForm<ActionValues>();
  const [saving, setSaving] = useState(false);
  const units = useOrgUnits(['school', 'centre', 'township', 'department']);
  const vocab = useHazardVocab();
  const type = props.types?.types.find((t) => t.code === d.typeCode);
  const submit = async (v: ActionValues) => {
    setSaving(true);
    try {
      const { attachments, hazardTitle, hazardCategory, hazardPlace, ...rest } = v;
      const body: Record<string, unknown> = { ...rest, version: d.version, attachmentIds: (attachments ?? []).map((a) => a.id) };
      if (action === 'raise_hazard') body.hazard = { title: hazardTitle, category: hazardCategory, place: hazardPlace };
      for (const k of Object.keys(body)) if (body[k] === undefined || body[k] === null || body[k] === '') delete body[k];
      await api.post(`/api/cases/${d.id}/actions/${action}`, body);
      message.success(`已${actionLabels[action]}`);
      props.onDone();
    } catch (e) {
      message.error(messageOf(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title={actionLabels[action]} onCancel={props.onClose} onOk={() => form.submit()} confirmLoading={saving} okText="确定" destroyOnHidden>
      {action === 'archive' && d.requiresReply && <Alert type="info" showIcon message="归档前须已向当事人反馈答复。" style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit}>
        {action === 'assign' && type && (
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }} data-testid="assign-limits">
            时限（按政策包）：承办单位{within(type.limits.assigned)}签收，签收后{within(type.limits.handling)}核查办理
            {type.extension ? `，可延期 ${limitText(type.extension)}` : ''}。
          </Typography.Paragraph>
        )}
        {action === 'assign' && (
          <Form.Item name="unitId" label="承办单位" rules={[{ required: true, message: '请选择承办单位' }]}>
            <Select showSearch optionFilterProp="label" options={units.data?.map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
        )}
        {action === 'assign' && (
          <Form.Item name="handlingDueOn" label="办理期限（可选，不超过政策包的办理时限）" extra="不填则签收后按政策包时限计算">
            <Input type="date" data-testid="assign-due" />
          </Form.Item>
        )}
        {action === 'reply' && (
          <Form.Item name="reply" label="答复内容" rules={[{ required: true, message: '请填写答复内容' }]}>
            <Input.TextArea rows={5} maxLength={5000} />
          </Form.Item>
        )}
        {action === 'correct_level' && (
          <Form.Item name="level" label="事故等级" rules={[{ required: true, message: '请选择' }]}>
            <Select options={props.types?.incident?.levels.map((l) => ({ value: l.code, label: l.label }))} />
          </Form.Item>
        )}
        {action === 'record_report' && (
          <Form.Item name="reportKind" label="报告类别" rules={[{ required: true, message: '请选择' }]}>
            <Select
              options={[
                { value: 'first', label: '首报' },
                { value: 'written', label: '书面报告' },
                { value: 'follow_up', label: '续报' },
                { value: 'final', label: '终报' },
                ...(user.role === 'district_admin' ? [{ value: 'upward', label: '区教委向上级报告' }] : []),
              ]}
            />
          </Form.Item>
        )}
        {action === 'update_incident' && (
          <>
            <Space wrap>
              <Form.Item name="deaths" label="死亡" initialValue={d.incident?.deaths}>
                <InputNumber min={0} precision={0} />
              </Form.Item>
              <Form.Item name="seriousInjuries" label="重伤" initialValue={d.incident?.seriousInjuries}>
                <InputNumber min={0} precision={0} />
              </Form.Item>
              <Form.Item name="minorInjuries" label="轻伤" initialValue={d.incident?.minorInjuries}>
                <InputNumber min={0} precision={0} />
              </Form.Item>
              <Form.Item name="lossYuan" label="损失（元）" initialValue={d.incident?.lossYuan}>
                <InputNumber min={0} />
              </Form.Item>
            </Space>
            <Form.Item name="handling" label="处置情况" initialValue={d.incident?.handling}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Form.Item name="liability" label="责任认定" initialValue={d.incident?.liability}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Space wrap>
              <Form.Item name="insuranceStatus" label="校方责任险" initialValue={d.incident?.insuranceStatus}>
                <Select
                  style={{ width: 160 }}
                  options={[
                    { value: 'none', label: '未报案' },
                    { value: 'filed', label: '已报案理赔中' },
                    { value: 'paid', label: '已赔付' },
                    { value: 'refused', label: '拒赔' },
                  ]}
                />
              </Form.Item>
              <Form.Item name="insuranceAmount" label="赔付金额（元）" initialValue={d.incident?.insuranceAmount ?? undefined}>
                <InputNumber min={0} />
              </Form.Item>
            </Space>
            <Form.Item name="mediationOutcome" label="调解结果" initialValue={d.incident?.mediationOutcome}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Form.Item name="lessons" label="教训与整改" initialValue={d.incident?.lessons}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </>
        )}
        {action === 'raise_hazard' && (
          <>
            <Form.Item name="hazardTitle" label="隐患标题" rules={[{ required: true, message: '请填写' }]}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="hazardCategory" label="类别" rules={[{ required: true, message: '请选择' }]}>
              <Select options={vocab.categories.map((c) => ({ value: c.code, label: c.label }))} />
            </Form.Item>
            <Form.Item name="hazardPlace" label="部位" rules={[{ required: true, message: '请选择' }]}>
              <Select options={vocab.places.map((p) => ({ value: p, label: p }))} />
            </Form.Item>
          </>
        )}
        {action !== 'acknowledge' && action !== 'archive' && action !== 'accept' && action !== 'approve' ? (
          <Form.Item name="note" label="说明" rules={needsNote.has(action) ? [{ required: true, message: '请填写说明' }] : []}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        ) : null}
        {d.schoolId && action !== 'acknowledge' && (
          <Form.Item name="attachments" label="文件（照片或 PDF）">
            <PhotoUpload purpose="other" schoolId={d.schoolId} documents />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
