import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Divider, Form, Input, InputNumber, Select, Space, Switch, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { formatSeconds } from '../../../domain/drill';
import { ApiError, api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import type { School } from '../../api/types';
import { useCurrentUser } from '../../auth/AuthContext';
import { PageLoading } from '../../components/PageState';
import { PhotoUpload } from '../../components/PhotoUpload';
import { messageOf } from '../../lib/errors';
import { formatTime } from '../../lib/format';
import { useIsMobile } from '../../lib/useIsMobile';
import { cachedLoad } from '../../offline/cache';
import { submitViaOutbox, uploadFormPhotos } from '../../offline/outbox';
import { useOutboxDraft } from '../../offline/useOutboxDraft';
import { type DrillDetail, type DrillFormValues, type DrillOptions, drillContent, formOf, isDrillRecorder, legacyDraftKey, targetOf } from './drillApi';

type FormShape = Omit<DrillFormValues, 'startedAt'> & { startedAt?: Dayjs };

const toForm = (v: DrillFormValues): FormShape => ({ ...v, startedAt: v.startedAt ? dayjs(v.startedAt) : dayjs() });
const fromForm = (v: FormShape): DrillFormValues => ({ ...v, startedAt: v.startedAt?.toISOString() });

/**
 * 记录应急演练, phone first. A new drill is autosaved on the phone (the outbox's draft, IndexedDB,
 * one per user) as it is typed, so a closed tab or a lost signal keeps it; 提交 puts it in the
 * outbox (待上传 offline, its photos and plan with it) and the clientId made here makes every resend
 * answer the same drill. /drills/:id/edit continues a draft saved on the server.
 */
export default function DrillFormPage() {
  const { id } = useParams();
  const user = useCurrentUser();
  // The copy kept on the phone answers when there is no network: a drill can be recorded offline.
  const options = useLoad(() => cachedLoad('drill-options', () => api.get<DrillOptions>('/api/drill-options')).then((c) => c.data), 'drill-options');
  const draft = useOutboxDraft<DrillFormValues>('drill', user.id, legacyDraftKey(user.id));
  const existing = useLoad(() => (id ? api.get<DrillDetail>(`/api/drills/${id}`) : Promise.resolve(null)), `drill:${id ?? 'new'}`);
  const school = useLoad(() => api.get<School>(`/api/schools/${user.orgUnitId}`).catch(() => null), `school:${user.orgUnitId}`);
  if (!isDrillRecorder(user.role)) return <Alert type="info" showIcon title="应急演练由学校校长或安全干部记录；您可以在列表中查看。" />;
  if (options.loading || existing.loading || !options.data || !draft.ready)
    return options.error ? <Alert type="error" title={options.error} /> : <PageLoading />;
  if (existing.error) return <Alert type="error" showIcon title={existing.error} />;
  return (
    <DrillForm
      options={options.data}
      existing={existing.data ?? null}
      draft={draft}
      enrollment={school.data?.enrollment ?? 0}
      staff={school.data?.staffCount ?? 0}
    />
  );
}

type Props = {
  options: DrillOptions;
  existing: DrillDetail | null;
  draft: ReturnType<typeof useOutboxDraft<DrillFormValues>>;
  enrollment: number;
  staff: number;
};

function DrillForm({ options, existing, draft, enrollment, staff }: Props) {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormShape>();
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const local = existing ? null : draft.restored;
  const clientId = useRef(draft.clientId);
  const initial = useMemo<FormShape>(
    () =>
      existing
        ? toForm(formOf(existing))
        : toForm(
            local?.values ?? {
              organiser: user.displayName,
              buildings: [{ name: '教学楼', floors: 4, seconds: null }],
              guidance: [],
              problems: [],
            },
          ),
    [existing, local, user.displayName],
  );
  const values = Form.useWatch([], form) as FormShape | undefined;
  // A new drill's photos and plan stay on the phone with it until the outbox sends it; a draft
  // saved on the server is edited online, so its files upload at once.
  const onPhone = existing ? undefined : clientId.current;

  useEffect(() => {
    if (local) message.info(`已恢复本机 ${formatTime(local.savedAt)} 保存的演练记录`);
  }, [local, message]);

  const autosave = () => {
    if (existing) return;
    draft.save(fromForm(form.getFieldsValue(true)));
  };

  const showProblems = (err: unknown) => {
    if (err instanceof ApiError && err.details.length) setProblems(err.details.map((d) => d.message));
    message.error(messageOf(err));
  };

  const send = async (submit: boolean) => {
    setBusy(submit ? 'submit' : 'save');
    setProblems([]);
    try {
      const content = drillContent(fromForm(form.getFieldsValue(true)));
      let target: DrillDetail;
      if (existing) {
        target = await api.put<DrillDetail>(`/api/drills/${existing.id}`, { ...content, baseVersion: existing.version });
        if (submit) target = await api.post<DrillDetail>(`/api/drills/${existing.id}/submit`, { baseVersion: target.version });
      } else if (submit) {
        // 提交: into the phone's outbox first, sent from there (at once, or when the network returns).
        const typeLabel = options.types.find((t) => t.code === content.type)?.label ?? '应急';
        const r = await submitViaOutbox<{ drill: DrillDetail }>({
          clientId: clientId.current,
          userId: user.id,
          kind: 'drill',
          url: '/api/drills',
          body: { clientId: clientId.current, schoolId: user.orgUnitId, ...content, submit: true },
          form: fromForm(form.getFieldsValue(true)),
          label: `${typeLabel}演练 ${dayjs(content.startedAt).format('MM-DD HH:mm')}`,
        });
        if (r.state === 'refused') throw r.error;
        if (r.state === 'queued') {
          const files = content.photoIds.length + content.problems.reduce((n, p) => n + p.attachmentIds.length, 0) + (content.planAttachmentId ? 1 : 0);
          message.info(`当前离线：演练记录${files ? `及 ${files} 个照片/文件` : ''}已保存在本机（待上传），联网后自动提交`);
          navigate('/drills', { replace: true });
          return;
        }
        target = r.answer.drill;
      } else {
        try {
          // Saved straight to the server: the photos kept on the phone go up first.
          await uploadFormPhotos(clientId.current, content);
          const r = await api.post<{ drill: DrillDetail }>('/api/drills', { clientId: clientId.current, schoolId: user.orgUnitId, ...content, submit });
          target = r.drill;
        } catch (err) {
          if (err instanceof ApiError && err.status === 0) {
            message.info('当前离线：内容已保存在本机，联网后可保存到服务器或直接提交');
            return;
          }
          throw err;
        }
        await draft.clear();
      }
      message.success(submit ? `已提交演练记录 ${target.code}` : `草稿已保存到服务器（${target.code}）`);
      // The record page shows the saved draft (继续填写 opens it again with its new version).
      navigate(`/drills/${target.id}`, { replace: true });
    } catch (err) {
      showProblems(err);
    } finally {
      setBusy(null);
    }
  };

  const students = values?.studentParticipants ?? 0;
  const staffIn = values?.staffParticipants ?? 0;
  const share = enrollment + staff > 0 ? Math.round(((students + staffIn) / (enrollment + staff)) * 100) : null;
  const categoryOptions = options.hazardCategories.map((c) => ({ value: c.code, label: c.label }));

  return (
    <Card
      title={existing ? `继续填写演练记录 ${existing.code}` : '记录应急演练'}
      styles={{ body: { padding: isMobile ? 12 : 24 } }}
      extra={!existing && <Typography.Text type="secondary">填写内容自动保存在本机</Typography.Text>}
    >
      <Form<FormShape> form={form} layout="vertical" initialValues={initial} onValuesChange={autosave} data-testid="drill-form">
        <Form.Item name="type" label="演练类型" rules={[{ required: true, message: '请选择演练类型' }]}>
          <Select placeholder="请选择" options={options.types.map((t) => ({ value: t.code, label: t.label }))} aria-label="演练类型" />
        </Form.Item>
        <Form.Item name="startedAt" label="演练时间" rules={[{ required: true, message: '请选择演练时间' }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" inputReadOnly={isMobile} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="scenario" label="演练情景">
          <Input.TextArea rows={2} maxLength={1000} placeholder="如：教学楼二楼实验室起火，全校紧急疏散" />
        </Form.Item>
        <Form.Item name="organiser" label="组织者">
          <Input maxLength={60} />
        </Form.Item>
        <Typography.Text strong>外部指导单位</Typography.Text>
        <Form.List name="guidance">
          {(fields, { add, remove }) => (
            <div style={{ marginTop: 8, marginBottom: 16 }}>
              {fields.map((f) => (
                <Space.Compact key={f.key} style={{ width: '100%', marginBottom: 8 }}>
                  <Form.Item name={[f.name, 'kind']} noStyle>
                    <Select style={{ width: 130 }} options={options.guidanceKinds.map((g) => ({ value: g.code, label: g.label }))} placeholder="类别" />
                  </Form.Item>
                  <Form.Item name={[f.name, 'unit']} noStyle>
                    <Input maxLength={60} placeholder="单位名称，如 龙洲湾派出所" />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} aria-label="删除指导单位" onClick={() => remove(f.name)} />
                </Space.Compact>
              ))}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ kind: 'fire', unit: '' })}>
                添加指导单位（公安、消防等）
              </Button>
            </div>
          )}
        </Form.List>
        <Space style={{ width: '100%' }} align="start">
          <Form.Item name="studentParticipants" label="参演学生（人）">
            <InputNumber min={0} max={100000} precision={0} inputMode="numeric" style={{ width: '100%' }} aria-label="参演学生" />
          </Form.Item>
          <Form.Item name="staffParticipants" label="参演教职工（人）">
            <InputNumber min={0} max={100000} precision={0} inputMode="numeric" style={{ width: '100%' }} aria-label="参演教职工" />
          </Form.Item>
        </Space>
        {share !== null && (
          <Typography.Paragraph type={share < 90 ? 'warning' : 'secondary'} style={{ marginTop: -12 }}>
            在校生 {enrollment} 人、教职工 {staff} 人，参与率 {share}%
          </Typography.Paragraph>
        )}

        <Divider titlePlacement="start" style={{ margin: '8px 0 12px' }}>
          疏散用时
        </Divider>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {options.evacuation.lowRiseMaxFloors} 层及以下的楼目标 {formatSeconds(options.evacuation.targetSeconds)}，更高的楼{' '}
          {formatSeconds(options.evacuation.highRiseTargetSeconds)}（可按楼自定目标）
        </Typography.Paragraph>
        <Form.List name="buildings">
          {(fields, { add, remove }) => (
            <div style={{ marginBottom: 16 }}>
              {fields.map((f) => {
                const b = values?.buildings?.[f.name];
                const target = targetOf(options.evacuation, b?.floors, b?.targetSeconds);
                const slow = b?.seconds != null && b.seconds > target;
                return (
                  <Card
                    key={f.key}
                    size="small"
                    style={{ marginBottom: 8, borderColor: slow ? '#ff4d4f' : undefined }}
                    data-testid="drill-building"
                    title={
                      <Form.Item name={[f.name, 'name']} noStyle>
                        <Input variant="borderless" maxLength={40} placeholder="楼名" aria-label="楼名" style={{ paddingInline: 0, fontWeight: 500 }} />
                      </Form.Item>
                    }
                    extra={<Button type="text" icon={<DeleteOutlined />} aria-label="删除楼栋" onClick={() => remove(f.name)} />}
                  >
                    <Space wrap align="center">
                      <Form.Item name={[f.name, 'floors']} noStyle>
                        <InputNumber min={1} max={100} precision={0} inputMode="numeric" suffix="层" style={{ width: 90 }} aria-label="层数" />
                      </Form.Item>
                      <Form.Item name={[f.name, 'seconds']} noStyle>
                        <InputNumber min={1} max={36000} precision={0} inputMode="numeric" suffix="秒" style={{ width: 110 }} aria-label="疏散用时（秒）" />
                      </Form.Item>
                      <span data-testid="drill-building-target">
                        {slow ? <Tag color="red">超时（目标 {target} 秒）</Tag> : <Typography.Text type="secondary">目标 {target} 秒</Typography.Text>}
                      </span>
                    </Space>
                  </Card>
                );
              })}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ name: '', floors: 4, seconds: null })}>
                添加楼栋
              </Button>
            </div>
          )}
        </Form.List>
        <Form.Item name="assemblyPoint" label="集合地点">
          <Input maxLength={100} placeholder="如：田径场" />
        </Form.Item>

        <Divider titlePlacement="start" style={{ margin: '8px 0 12px' }}>
          发现的问题
        </Divider>
        <Form.List name="problems">
          {(fields, { add, remove }) => (
            <div style={{ marginBottom: 16 }}>
              {fields.map((f, i) => (
                <Card
                  key={f.key}
                  size="small"
                  style={{ marginBottom: 8 }}
                  title={`问题 ${i + 1}`}
                  data-testid="drill-problem"
                  extra={<Button type="text" icon={<DeleteOutlined />} aria-label="删除问题" onClick={() => remove(f.name)} />}
                >
                  <Form.Item name={[f.name, 'description']} style={{ marginBottom: 8 }}>
                    <Input.TextArea rows={2} maxLength={500} placeholder="如：实验楼东侧楼梯口堆放桌椅，疏散拥堵" aria-label="问题描述" />
                  </Form.Item>
                  <Space.Compact style={{ width: '100%', marginBottom: 8 }}>
                    <Form.Item name={[f.name, 'place']} noStyle>
                      <Input maxLength={40} placeholder="部位" aria-label="部位" />
                    </Form.Item>
                    <Form.Item name={[f.name, 'category']} noStyle>
                      <Select style={{ width: 150 }} options={categoryOptions} placeholder="隐患类别" aria-label="隐患类别" />
                    </Form.Item>
                  </Space.Compact>
                  <Form.Item name={[f.name, 'photos']} valuePropName="value" style={{ marginBottom: 8 }}>
                    <PhotoUpload purpose="drill" schoolId={user.orgUnitId} max={9} keepOnPhone={onPhone} />
                  </Form.Item>
                  <Space>
                    <Form.Item name={[f.name, 'raiseHazard']} valuePropName="checked" noStyle>
                      <Switch aria-label="提交时转为隐患" />
                    </Form.Item>
                    <span>提交时转为隐患（进入隐患台账整改）</span>
                  </Space>
                </Card>
              ))}
              <Button
                type="dashed"
                block
                icon={<PlusOutlined />}
                onClick={() => add({ description: '', place: '', category: 'fire', raiseHazard: true, photos: [] })}
              >
                添加问题
              </Button>
            </div>
          )}
        </Form.List>

        <Form.Item name="photos" label="现场照片" valuePropName="value">
          <PhotoUpload purpose="drill" schoolId={user.orgUnitId} max={20} keepOnPhone={onPhone} />
        </Form.Item>
        <Form.Item name="plan" label="演练预案（照片或 PDF）" valuePropName="value">
          <PhotoUpload purpose="drill_plan" schoolId={user.orgUnitId} max={1} documents keepOnPhone={onPhone} />
        </Form.Item>
        <Form.Item name="summary" label="演练总结">
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="evaluation" label="演练评估">
          <Input.TextArea rows={2} maxLength={2000} placeholder="目标达成情况、改进措施" />
        </Form.Item>
        {problems.length > 0 && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            title="还不能提交"
            description={
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            }
          />
        )}
        <Space style={{ width: '100%', justifyContent: 'flex-end' }} wrap>
          <Button onClick={() => void send(false)} loading={busy === 'save'} disabled={busy !== null}>
            保存草稿
          </Button>
          <Button type="primary" onClick={() => void send(true)} loading={busy === 'submit'} disabled={busy !== null}>
            提交
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
