import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, DatePicker, Input, Radio, Segmented, Select, Space, Switch, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { useHazardVocab, useLoad } from '../../api/hooks';
import type { Attachment } from '../../api/types';
import { useCurrentUser } from '../../auth/AuthContext';
import { OutboxList } from '../../components/OutboxList';
import { PhotoUpload } from '../../components/PhotoUpload';
import { formatDate } from '../../lib/format';
import { clearFormDraft, enqueue, findFormDraft, flushOutbox, onOutboxChanged, saveFormDraft } from '../../offline/outbox';
import type { OutboxEntry } from '../../offline/outbox-types';
import { isSchoolRole } from '../hazards/hazardRoles';
import { type PatrolBody, type PatrolList, routePoints } from './patrolApi';

type Finding = { key: string; text: string; place: string; raiseHazard: boolean; category: string; photos: Attachment[] };
type Draft = { clientId: string; route: string; at: string | null; points: string[]; ok: boolean; findings: Finding[]; patrollers: string[]; note: string };

const fresh = (route = 'key_places'): Draft => ({
  clientId: crypto.randomUUID(),
  route,
  at: null,
  points: routePoints[route] ?? [],
  ok: true,
  findings: [],
  patrollers: [],
  note: '',
});
const emptyFinding = (category: string): Finding => ({ key: crypto.randomUUID(), text: '', place: '', raiseHazard: true, category, photos: [] });

/**
 * The form being filled in, from the phone's outbox (IndexedDB). A draft or unsent entries an
 * older version kept in localStorage are moved there once.
 */
async function loadDraft(userId: string): Promise<Draft> {
  const legacyDraft = `huxiao:patrol-draft:${userId}`;
  const legacyOutbox = `huxiao:patrol-outbox:${userId}`;
  try {
    for (const b of JSON.parse(localStorage.getItem(legacyOutbox) ?? '[]') as PatrolBody[]) {
      await enqueue({ clientId: b.clientId, userId, kind: 'patrol', url: '/api/patrol-logs', body: b, label: labelOf(b.route, b.patrolledAt) });
    }
    localStorage.removeItem(legacyOutbox);
    const old = JSON.parse(localStorage.getItem(legacyDraft) ?? 'null') as Draft | null;
    localStorage.removeItem(legacyDraft);
    if (old?.clientId) return old;
  } catch {
    // An unreadable old copy is dropped; the outbox below is the phone's record now.
  }
  const saved = await findFormDraft<Draft>(userId, 'patrol').catch(() => null);
  return saved?.values.clientId ? saved.values : fresh();
}

const routeNames: Record<string, string> = { key_places: '重点部位巡查', dormitory_night: '宿舍夜间巡查', perimeter: '周界巡查' };
const labelOf = (route: string, at: string) => `${routeNames[route] ?? '巡查'} ${dayjs(at).format('MM-DD HH:mm')}`;

/**
 * 登记巡查, phone first: pick the route, the usual points are ticked, "正常" is the default, so a
 * normal round is two taps. A finding opens the hazard fields (转为隐患 on by default). The form is
 * kept on the phone as it is filled, and 提交 saves the entry in the phone's outbox first (待上传)
 * and sends it from there, at once when there is a network, else when it returns
 * (src/web/offline/outbox.ts); the clientId chosen here makes every resend the same entry. The
 * findings' photos are kept on the phone with it and uploaded just before it.
 */
export default function PatrolNewPage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const vocab = useHazardVocab();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const today = formatDate(new Date().toISOString()); // the Beijing day, as the server counts it
  const [tick, setTick] = useState(0);
  const counts = useLoad(
    () => api.get<PatrolList>('/api/patrol-logs', { schoolId: user.orgUnitId, from: today, to: today, pageSize: 1 }),
    `${user.orgUnitId}:${today}:${tick}`,
  );

  useEffect(() => {
    let live = true;
    void loadDraft(user.id).then((d) => live && setDraft((cur) => cur ?? d));
    return () => {
      live = false;
    };
  }, [user.id]);
  // Autosave: every change goes to the phone's store (a closed tab or a flat battery loses nothing).
  useEffect(() => {
    if (draft) void saveFormDraft(user.id, 'patrol', draft.clientId, draft).catch(() => {});
  }, [draft, user.id]);
  // What the outbox sends in the background moves today's counts.
  useEffect(() => onOutboxChanged(() => setTick((t) => t + 1)), []);

  if (!isSchoolRole(user.role)) return <Alert type="info" showIcon title="巡查记录由学校教职工、安全干部或校长登记；您可以在巡查记录列表中查看和抽查核实。" />;
  if (!draft) return <Card loading />;

  const set = (patch: Partial<Draft>) => setDraft((d) => (d ? { ...d, ...patch } : d));
  const setFinding = (i: number, patch: Partial<Finding>) => set({ findings: draft.findings.map((f, k) => (k === i ? { ...f, ...patch } : f)) });
  const routes = counts.data?.routes ?? [];
  const defaultCategory = vocab.categories[0]?.code ?? 'other';

  const body = (): PatrolBody => ({
    clientId: draft.clientId,
    schoolId: user.orgUnitId,
    route: draft.route,
    patrolledAt: draft.at ?? new Date().toISOString(),
    points: draft.points,
    patrollers: draft.patrollers,
    note: draft.note,
    findings: draft.ok
      ? []
      : draft.findings.map((f) => ({
          text: f.text,
          place: f.place,
          raiseHazard: f.raiseHazard,
          ...(f.raiseHazard && { category: f.category }),
          attachmentIds: f.photos.map((p) => p.id),
        })),
    attachmentIds: [],
  });

  const submit = async () => {
    setError(null);
    if (!draft.ok && draft.findings.some((f) => !f.text.trim())) return setError('请填写发现的问题，或改为“正常”');
    const b = body();
    const label = labelOf(b.route, b.patrolledAt).replace(/^\S+/, (n) => routes.find((r) => r.code === b.route)?.label ?? n);
    setSaving(true);
    try {
      // On the phone first: from here the entry is the outbox's, whatever the network does.
      await enqueue({ clientId: b.clientId, userId: user.id, kind: 'patrol', url: '/api/patrol-logs', body: b, form: draft, label });
    } catch {
      setSaving(false);
      return setError('本机存储不可用（可能处于无痕模式），无法保存；请联网后再提交');
    }
    setDraft(fresh(draft.route));
    const r = await flushOutbox(user.id, true).finally(() => setSaving(false));
    const sent = r.answers[b.clientId] as { patrolLog: { code: string; hazardCount: number } } | undefined;
    if (sent) message.success(`已登记巡查 ${sent.patrolLog.code}${sent.patrolLog.hazardCount ? `，转为隐患 ${sent.patrolLog.hazardCount} 条` : ''}`);
    else if (r.refused.includes(b.clientId)) message.error('服务器未接受这条巡查，请按提示修改');
    else {
      const photos = b.findings.reduce((n, f) => n + f.attachmentIds.length, 0);
      message.info(`当前离线：本条巡查${photos ? `及 ${photos} 张照片` : ''}已保存在本机（待上传），联网后自动上传`);
    }
  };
  const fix = (e: OutboxEntry) => {
    if (!e.form) return;
    // The round being typed gives way to the one taken back (its own clientId stays with it).
    if (draft.clientId !== e.clientId) void clearFormDraft(draft.clientId).catch(() => {});
    setDraft(e.form as Draft);
  };

  return (
    <Card
      data-testid="patrol-new"
      title={
        <Space>
          <Button type="text" icon={<ArrowLeftOutlined />} aria-label="返回" onClick={() => navigate('/patrol-logs')} />
          <span>登记巡查</span>
        </Space>
      }
      styles={{ body: { padding: 12 } }}
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <OutboxList userId={user.id} kind="patrol" onFix={fix} />
        <div data-testid="patrol-today" style={{ display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center' }}>
          <Typography.Text type="secondary">今日已巡查</Typography.Text>
          {routes.map((r) => {
            const n = counts.data?.byRoute[r.code] ?? 0;
            // The pack's daily number only on the days it is due (宿舍夜间巡查: school days only).
            const perDay = r.dueToday ? r.perDay : null;
            const short = perDay !== null && n < perDay;
            return (
              <Tag key={r.code} color={perDay === null ? 'default' : short ? 'orange' : 'success'} style={{ marginInlineEnd: 0 }}>
                {r.label.replace(/巡查$/, '')} {n}
                {perDay !== null && ` / ${perDay}`} 次
              </Tag>
            );
          })}
        </div>
        {routes.some((r) => r.perDay !== null && !r.dueToday) && (
          <Typography.Text type="secondary" data-testid="patrol-not-due">
            今日非上学日，无需
            {routes
              .filter((r) => r.perDay !== null && !r.dueToday)
              .map((r) => r.label)
              .join('、')}
          </Typography.Text>
        )}

        <Radio.Group
          value={draft.route}
          optionType="button"
          buttonStyle="solid"
          style={{ display: 'flex' }}
          onChange={(e) => set({ route: e.target.value, points: routePoints[e.target.value] ?? [] })}
        >
          {(routes.length ? routes : [{ code: 'key_places', label: '重点部位巡查' }]).map((r) => (
            <Radio.Button key={r.code} value={r.code} style={{ flex: 1, textAlign: 'center', paddingInline: 4 }}>
              {r.label.replace(/巡查$/, '')}
            </Radio.Button>
          ))}
        </Radio.Group>

        <div>
          <Typography.Text type="secondary">巡查点</Typography.Text>
          <Checkbox.Group
            style={{ display: 'flex', flexWrap: 'wrap', rowGap: 6, marginTop: 4 }}
            value={draft.points}
            options={[...new Set([...(routePoints[draft.route] ?? []), ...draft.points])].map((p) => ({ value: p, label: p }))}
            onChange={(v) => set({ points: v as string[] })}
          />
        </div>

        <Segmented
          block
          size="large"
          value={draft.ok ? '正常' : '发现问题'}
          options={['正常', '发现问题']}
          onChange={(v) => set({ ok: v === '正常', findings: v === '正常' || draft.findings.length ? draft.findings : [emptyFinding(defaultCategory)] })}
        />

        {!draft.ok &&
          draft.findings.map((f, i) => (
            <Card
              key={f.key}
              size="small"
              data-testid="patrol-finding"
              title={`问题 ${i + 1}`}
              extra={
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label="删除"
                  onClick={() => set({ findings: draft.findings.filter((_, k) => k !== i) })}
                />
              }
            >
              <Space orientation="vertical" size={8} style={{ width: '100%' }}>
                <Input.TextArea
                  rows={2}
                  maxLength={500}
                  placeholder="发现的问题，如：消防通道堆放杂物"
                  value={f.text}
                  onChange={(e) => setFinding(i, { text: e.target.value })}
                />
                <Select
                  style={{ width: '100%' }}
                  placeholder="部位"
                  value={f.place || undefined}
                  options={draft.points.map((p) => ({ value: p, label: p }))}
                  onChange={(v: string) => setFinding(i, { place: v })}
                />
                <Space>
                  <Switch checked={f.raiseHazard} onChange={(v) => setFinding(i, { raiseHazard: v })} />
                  <span>同时登记为隐患</span>
                </Space>
                {f.raiseHazard && (
                  <Select
                    style={{ width: '100%' }}
                    value={f.category}
                    options={vocab.categories.map((c) => ({ value: c.code, label: c.label }))}
                    onChange={(v: string) => setFinding(i, { category: v })}
                  />
                )}
                <PhotoUpload
                  purpose="patrol"
                  schoolId={user.orgUnitId}
                  keepOnPhone={draft.clientId}
                  value={f.photos}
                  onChange={(photos) => setFinding(i, { photos })}
                />
              </Space>
            </Card>
          ))}
        {!draft.ok && (
          <Button icon={<PlusOutlined />} block onClick={() => set({ findings: [...draft.findings, emptyFinding(defaultCategory)] })}>
            再记一个问题
          </Button>
        )}

        <DatePicker
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          inputReadOnly
          style={{ width: '100%' }}
          placeholder="巡查时间：现在"
          value={draft.at ? dayjs(draft.at) : null}
          disabledDate={(d) => d.isAfter(dayjs(), 'day') || d.isBefore(dayjs().subtract(30, 'day'), 'day')}
          onChange={(v) => set({ at: v ? v.toISOString() : null })}
        />
        <Select
          mode="tags"
          style={{ width: '100%' }}
          placeholder="同行巡查人（选填）"
          value={draft.patrollers}
          maxCount={10}
          onChange={(v: string[]) => set({ patrollers: v.map((x) => x.slice(0, 40)) })}
        />
        <Input maxLength={500} placeholder="备注（选填）" value={draft.note} onChange={(e) => set({ note: e.target.value })} />

        {error && <Alert type="error" showIcon title={error} />}
        <Button type="primary" size="large" block loading={saving} onClick={submit} data-testid="patrol-submit">
          {draft.ok ? '提交（正常）' : `提交（发现问题 ${draft.findings.length} 个）`}
        </Button>
      </Space>
    </Card>
  );
}
