import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, DatePicker, Input, Radio, Segmented, Select, Space, Switch, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, api } from '../../api/client';
import { useHazardVocab, useLoad } from '../../api/hooks';
import type { Attachment } from '../../api/types';
import { useCurrentUser } from '../../auth/AuthContext';
import { PhotoUpload } from '../../components/PhotoUpload';
import { messageOf } from '../../lib/errors';
import { isSchoolRole } from '../hazards/hazardRoles';
import { flushOutbox, type PatrolBody, type PatrolList, queuePatrol, routePoints } from './patrolApi';

type Finding = { key: string; text: string; place: string; raiseHazard: boolean; category: string; photos: Attachment[] };
type Draft = { clientId: string; route: string; at: string | null; points: string[]; ok: boolean; findings: Finding[]; patrollers: string[]; note: string };

const draftKey = (userId: string) => `huxiao:patrol-draft:${userId}`;
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

function readDraft(userId: string): Draft {
  try {
    const d = JSON.parse(localStorage.getItem(draftKey(userId)) ?? 'null') as Draft | null;
    return d?.clientId ? d : fresh();
  } catch {
    return fresh();
  }
}

/**
 * 登记巡查, phone first: pick the route, the usual points are ticked, "正常" is the default, so a
 * normal round is two taps. A finding opens the hazard fields (转为隐患 on by default). The form is
 * kept on the phone as it is filled (localStorage); an entry made offline waits there and is sent
 * with the same clientId when the network returns.
 */
export default function PatrolNewPage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const vocab = useHazardVocab();
  const [draft, setDraft] = useState<Draft>(() => readDraft(user.id));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const today = dayjs().format('YYYY-MM-DD');
  const [tick, setTick] = useState(0);
  const counts = useLoad(
    () => api.get<PatrolList>('/api/patrol-logs', { schoolId: user.orgUnitId, from: today, to: today, pageSize: 1 }),
    `${user.orgUnitId}:${today}:${tick}`,
  );

  useEffect(() => localStorage.setItem(draftKey(user.id), JSON.stringify(draft)), [draft, user.id]);
  const flush = useCallback(async () => {
    const r = await flushOutbox(user.id);
    if (r.sent) {
      message.success(`本机保存的 ${r.sent} 条巡查已发送`);
      setTick((t) => t + 1);
    }
    for (const m of r.refused) message.error(m);
  }, [user.id, message]);
  useEffect(() => {
    void flush();
    window.addEventListener('online', flush);
    return () => window.removeEventListener('online', flush);
  }, [flush]);

  if (!isSchoolRole(user.role)) return <Alert type="info" showIcon title="巡查记录由学校教职工、安全干部或校长登记；您可以在巡查记录列表中查看和抽查核实。" />;

  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
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
    setSaving(true);
    try {
      const r = await api.post<{ patrolLog: { code: string; hazardCount: number } }>('/api/patrol-logs', b);
      message.success(`已登记巡查 ${r.patrolLog.code}${r.patrolLog.hazardCount ? `，转为隐患 ${r.patrolLog.hazardCount} 条` : ''}`);
      setDraft(fresh(draft.route));
      setTick((t) => t + 1);
    } catch (err) {
      if (err instanceof ApiError && err.status === 0) {
        queuePatrol(user.id, b);
        message.info('当前离线：本条巡查已保存在本机，联网后自动发送');
        setDraft(fresh(draft.route));
      } else setError(messageOf(err));
    } finally {
      setSaving(false);
    }
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
        <div data-testid="patrol-today" style={{ display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center' }}>
          <Typography.Text type="secondary">今日已巡查</Typography.Text>
          {routes.map((r) => {
            const n = counts.data?.byRoute[r.code] ?? 0;
            const short = r.perDay !== null && n < r.perDay;
            return (
              <Tag key={r.code} color={r.perDay === null ? 'default' : short ? 'orange' : 'success'} style={{ marginInlineEnd: 0 }}>
                {r.label.replace(/巡查$/, '')} {n}
                {r.perDay !== null && ` / ${r.perDay}`} 次
              </Tag>
            );
          })}
        </div>

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
                <PhotoUpload purpose="patrol" schoolId={user.orgUnitId} value={f.photos} onChange={(photos) => setFinding(i, { photos })} />
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
