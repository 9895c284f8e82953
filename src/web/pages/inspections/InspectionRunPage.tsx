import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Input, Progress, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { useCurrentUser } from '../../auth/AuthContext';
import { PageLoading } from '../../components/PageState';
import { formatTime } from '../../lib/format';
import { useIsMobile } from '../../lib/useIsMobile';
import { getDraft, onDraftsChanged, updateDraft } from '../../offline/db';
import { useOnline } from '../../offline/hooks';
import { syncDrafts } from '../../offline/sync';
import { emptyAnswer, type LocalAnswer, type LocalDraft, type LocalSignature, progressOf } from '../../offline/types';
import { DraftStatusBanner } from './DraftStatusBanner';
import { OnlineTag } from './OnlineTag';
import { RunItemCard } from './RunItemCard';
import { RunShortcuts } from './RunShortcuts';
import { localProblems, type Problems, problemCount, serverProblems } from './runChecks';
import { SignatureSection } from './SignatureSection';

type SaveState = { kind: 'idle' | 'saving' | 'saved' | 'error'; at?: string };
const SAVE_DELAY_MS = 300;

/**
 * The checklist on the phone. It reads and writes only IndexedDB, so it works with no network
 * at all; every change is saved on the phone at once. 提交 queues the check and runs a sync;
 * without a network it waits (and survives a reload) until the phone is online again.
 */
export default function InspectionRunPage() {
  const { clientId = '' } = useParams();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const location = useLocation();
  const isMobile = useIsMobile();
  const online = useOnline();
  const { message } = App.useApp();
  const [draft, setDraft] = useState<LocalDraft | null | undefined>(undefined);
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const [checked, setChecked] = useState(false);
  const current = useRef<LocalDraft | null>(null);
  const pending = useRef<LocalDraft | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const chain = useRef<Promise<void>>(Promise.resolve());

  const show = useCallback((d: LocalDraft | null) => {
    current.current = d;
    setDraft(d);
  }, []);

  // The draft from the phone, and again whenever sync (or another tab) moves it to another state.
  useEffect(() => {
    let live = true;
    const load = () =>
      getDraft(clientId)
        .then((d) => {
          if (!live) return;
          const mine = d && d.userId === user.id ? d : null;
          const local = current.current;
          if (!local || !mine || mine.status !== local.status || local.status !== 'draft') show(mine);
        })
        .catch(() => live && show(null));
    void load();
    const off = onDraftsChanged(() => void load());
    return () => {
      live = false;
      off();
    };
  }, [clientId, user.id, show]);

  const write = useCallback(async () => {
    const next = pending.current;
    if (!next) return;
    pending.current = null;
    setSave({ kind: 'saving' });
    try {
      // Only a draft is written: a sync may have moved it on meanwhile.
      await updateDraft(next.clientId, (stored) => (stored.status === 'draft' ? next : null));
      setSave({ kind: 'saved', at: new Date().toISOString() });
    } catch {
      setSave({ kind: 'error' });
    }
  }, []);

  const flush = useCallback(() => {
    clearTimeout(timer.current);
    chain.current = chain.current.then(write);
    return chain.current;
  }, [write]);

  // Leaving the page or hiding the browser saves what is typed, without waiting for the delay.
  useEffect(() => {
    const onHide = () => void flush();
    window.addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onHide);
    return () => {
      window.removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onHide);
      void flush();
    };
  }, [flush]);

  const change = useCallback(
    (fn: (d: LocalDraft) => LocalDraft) => {
      const d = current.current;
      if (d?.status !== 'draft') return;
      const next = { ...fn(d), updatedAt: new Date().toISOString() };
      show(next);
      pending.current = next;
      setSave({ kind: 'saving' });
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), SAVE_DELAY_MS);
    },
    [flush, show],
  );

  const changeItem = useCallback(
    (code: string, patch: Partial<LocalAnswer>) =>
      change((d) => ({ ...d, answers: { ...d.answers, [code]: { ...(d.answers[code] ?? emptyAnswer()), ...patch } } })),
    [change],
  );
  const allPass = useCallback(
    (codes: string[]) =>
      change((d) => ({
        ...d,
        answers: { ...d.answers, ...Object.fromEntries(codes.map((code) => [code, { ...(d.answers[code] ?? emptyAnswer()), result: 'pass' as const }])) },
      })),
    [change],
  );
  const changeSignatures = useCallback((signatures: LocalSignature[]) => change((d) => ({ ...d, signatures })), [change]);

  // A queued check goes as soon as there is a network (here, on load and when the phone comes back online).
  const status = draft?.status;
  useEffect(() => {
    if (online && status === 'queued') void syncDrafts(user.id);
  }, [online, status, user.id]);

  if (draft === undefined) return <PageLoading />;
  if (draft === null) {
    return (
      <Card>
        <Alert type="warning" showIcon title="本机没有这次检查" description="检查草稿只保存在开始检查的手机上；它可能已经同步，或在另一台设备上。" />
        <Button style={{ marginTop: 12 }} onClick={() => navigate('/inspections')}>
          返回安全检查
        </Button>
      </Card>
    );
  }

  const readOnly = draft.status !== 'draft';
  const { answered, total } = progressOf(draft);
  const live = checked && draft.status === 'draft' ? localProblems(draft) : null;
  const fromServer = draft.status === 'draft' && draft.problem ? serverProblems(draft, draft.problem) : null;
  const problems: Problems | null = live && problemCount(live) > 0 ? live : fromServer;
  const back = () => (location.key === 'default' ? navigate('/inspections') : navigate(-1));

  const submit = async () => {
    await flush();
    const d = current.current;
    if (d?.status !== 'draft') return;
    setChecked(true);
    const p = localProblems(d);
    const n = problemCount(p);
    if (n > 0) {
      message.error(`还有 ${n} 处需要处理`);
      const first = d.template.items.find((i) => p.byItem.has(i.code));
      const target = first ? document.getElementById(`item-${first.code}`) : document.querySelector('[data-testid="signatures"]');
      target?.scrollIntoView({ behavior: 'smooth', block: 'center' });
      return;
    }
    const now = new Date().toISOString();
    const queued = await updateDraft(d.clientId, (s) => (s.status === 'draft' ? { ...d, status: 'queued', problem: undefined, updatedAt: now } : null));
    if (!queued) return;
    show(queued);
    window.scrollTo({ top: 0 });
    if (navigator.onLine) void syncDrafts(user.id);
  };

  return (
    <Card
      title={
        <Space>
          <Button type="text" icon={<ArrowLeftOutlined />} aria-label="返回安全检查" onClick={back} />
          <span style={{ whiteSpace: 'normal' }}>{draft.template.name}</span>
        </Space>
      }
      extra={<OnlineTag online={online} />}
      styles={{ body: { padding: isMobile ? 12 : 24, maxWidth: 820 }, header: { paddingInline: isMobile ? 8 : 24 } }}
    >
      <Space orientation="vertical" size={4} style={{ width: '100%', marginBottom: 8 }}>
        <Typography.Text strong>{draft.school.name}</Typography.Text>
        <Space wrap size={4}>
          <Tag color="blue">{draft.levelLabel}</Tag>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            第 {draft.template.version} 版 · 开始于 {formatTime(draft.inspectedAt)}
          </Typography.Text>
        </Space>
      </Space>
      <div
        style={{ position: 'sticky', top: 0, zIndex: 5, background: '#fff', padding: '6px 0', borderBottom: '1px solid #f0f0f0', marginBottom: 12 }}
        data-testid="run-progress"
      >
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          <Typography.Text>
            已检 <b data-testid="answered">{answered}</b>/{total} 项
          </Typography.Text>
          <SaveIndicator state={save} readOnly={readOnly} />
        </Space>
        <Progress percent={total ? Math.round((answered / total) * 100) : 0} showInfo={false} size="small" status={answered === total ? 'success' : 'active'} />
        {!readOnly && <RunShortcuts draft={draft} onAllPass={allPass} />}
      </div>
      <div style={{ marginBottom: 12 }}>
        <DraftStatusBanner draft={draft} userId={user.id} />
      </div>
      {problems && otherThanBanner(problems, draft).length > 0 && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={otherThanBanner(problems, draft).join('；')} />
      )}
      {/* A synced check's photos have gone to the server: the record there is the one to read. */}
      {draft.status !== 'synced' && (
        <>
          {draft.template.items.map((item, index) => (
            <RunItemCard
              key={item.code}
              index={index}
              item={item}
              answer={draft.answers[item.code] ?? emptyAnswer()}
              clientId={draft.clientId}
              readOnly={readOnly}
              errors={problems?.byItem.get(item.code) ?? noErrors}
              onChange={changeItem}
            />
          ))}
          <Section title="检查小结">
            <Input.TextArea
              value={draft.summary}
              disabled={readOnly}
              autoSize={{ minRows: 2, maxRows: 8 }}
              maxLength={2000}
              placeholder="总体情况、主要问题、整改要求"
              aria-label="检查小结"
              onChange={(e) => change((d) => ({ ...d, summary: e.target.value }))}
            />
          </Section>
          <Section title="检查人签字">
            <SignatureSection
              clientId={draft.clientId}
              value={draft.signatures}
              onChange={changeSignatures}
              readOnly={readOnly}
              defaultSigner={{ name: user.displayName, role: user.roleLabel }}
              error={problems?.signatures}
            />
          </Section>
          {!readOnly && (
            <Button type="primary" size="large" block onClick={submit} style={{ marginTop: 8 }}>
              提交
            </Button>
          )}
        </>
      )}
    </Card>
  );
}

const noErrors: string[] = [];

/** Problems not tied to an item or the signatures, without repeating what the status banner already says. */
const otherThanBanner = (p: Problems, d: LocalDraft) => p.other.filter((m) => m !== d.problem?.message);

function SaveIndicator({ state, readOnly }: { state: SaveState; readOnly: boolean }) {
  if (readOnly) return null;
  const text = state.kind === 'saving' ? '保存中…' : state.kind === 'error' ? '本机保存失败' : state.kind === 'saved' ? '已保存到本机' : '本机草稿';
  return (
    <Typography.Text type={state.kind === 'error' ? 'danger' : 'secondary'} style={{ fontSize: 12 }} data-testid="save-state">
      {text}
    </Typography.Text>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section style={{ margin: '16px 0' }}>
      <Typography.Title level={5} style={{ marginTop: 0, borderLeft: '3px solid #1f4e8c', paddingLeft: 8 }}>
        {title}
      </Typography.Title>
      {children}
    </section>
  );
}
