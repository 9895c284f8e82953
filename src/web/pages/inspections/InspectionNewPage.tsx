import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Select, Space, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import type { InspectionLevel } from '../../../domain/policy/pack-schema';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { useCurrentUser } from '../../auth/AuthContext';
import { messageOf } from '../../lib/errors';
import { formatTime } from '../../lib/format';
import { useIsMobile } from '../../lib/useIsMobile';
import { putDraft, updateDraft } from '../../offline/db';
import { useOnline } from '../../offline/hooks';
import { newId } from '../../offline/ids';
import { emptyAnswer, type LocalDraft } from '../../offline/types';
import { isSchoolRole } from '../hazards/hazardRoles';
import { levelsOf, loadPack, loadSchools, loadTemplate, loadTemplates, prefetchTemplates, snapshotOf } from './inspectionApi';
import { OnlineTag } from './OnlineTag';
import { confirmRepeat } from './repeatCheck';

type Values = { schoolId?: string; level?: InspectionLevel; templateCode?: string; others: string[]; campaignId?: string };

/** The template school staff use every week (周安全检查), picked for them. */
const SCHOOL_DEFAULT_TEMPLATE = 'weekly_check';

/**
 * 开始检查: school, level, checklist. Everything it reads is also kept on the phone, so a check
 * can start without a network once these lists have been loaded. The check itself lives on the
 * phone (IndexedDB) until it is submitted and synced.
 */
export default function InspectionNewPage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const location = useLocation();
  const isMobile = useIsMobile();
  const online = useOnline();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const schoolUser = isSchoolRole(user.role);

  // `online` in the keys: coming back online reloads fresh lists.
  const pack = useLoad(() => loadPack(user), `pack:${user.id}:${online}`);
  const templates = useLoad(() => loadTemplates(user), `templates:${user.id}:${online}`);
  const schools = useLoad(() => loadSchools(user), `schools:${user.id}:${online}`);
  // 专项行动 this check may be run for (online only; a check started offline simply has none).
  const campaigns = useLoad(
    () =>
      online
        ? api.get<{ items: { id: string; name: string }[] }>('/api/campaigns', { running: true }).then(
            (r) => r.items,
            () => [],
          )
        : Promise.resolve([] as { id: string; name: string }[]),
    `campaigns:${user.id}:${online}`,
  );
  const campaignParam = new URLSearchParams(location.search).get('campaignId') ?? undefined;
  const levels = useMemo(() => levelsOf(pack.data?.data, user), [pack.data, user]);
  const level = Form.useWatch('level', form);
  const usable = useMemo(() => (templates.data?.data ?? []).filter((t) => !level || t.levels.includes(level)), [templates.data, level]);

  // Defaults once the lists are here: the only level, the weekly check for schools, the own school.
  useEffect(() => {
    if (!form.getFieldValue('level') && levels.length > 0) {
      form.setFieldValue('level', (levels.find((l) => l.code === 'school_self') ?? levels[0])?.code);
    }
  }, [form, levels]);
  useEffect(() => {
    const current = form.getFieldValue('templateCode') as string | undefined;
    if (current && usable.some((t) => t.code === current)) return;
    const preferred = schoolUser ? usable.find((t) => t.code === SCHOOL_DEFAULT_TEMPLATE) : undefined;
    form.setFieldValue('templateCode', (preferred ?? (usable.length === 1 ? usable[0] : undefined))?.code);
  }, [form, usable, schoolUser]);

  // Keep every usable template on the phone while online, so a check can start later without a network.
  useEffect(() => {
    if (online && templates.data && !templates.data.offline) void prefetchTemplates(user, templates.data.data, levels);
  }, [online, templates.data, levels, user]);

  const back = () => (location.key === 'default' ? navigate('/inspections') : navigate(-1));

  const start = async (values: Values) => {
    const school = schools.data?.data.find((s) => s.id === values.schoolId);
    const lvl = levels.find((l) => l.code === values.level);
    if (!school || !lvl || !values.templateCode) return;
    setError(null);
    setStarting(true);
    try {
      const summary = usable.find((t) => t.code === values.templateCode);
      if (!(await confirmRepeat(modal, school.id, summary, pack.data?.data.semesters))) return;
      const tpl = await loadTemplate(user, values.templateCode);
      const snapshot = snapshotOf(tpl.data);
      const now = new Date().toISOString();
      const others = values.others.map((n) => n.trim()).filter(Boolean);
      const draft: LocalDraft = {
        clientId: newId(),
        userId: user.id,
        status: 'draft',
        school: { id: school.id, name: school.name },
        template: snapshot,
        level: lvl.code,
        levelLabel: lvl.label,
        inspectedAt: now,
        // Only when others went along: otherwise the server records the signed-in user.
        inspectors: others.length ? [{ name: user.displayName, unitName: user.orgUnitName, userId: user.id }, ...others.map((name) => ({ name }))] : [],
        summary: '',
        answers: Object.fromEntries(snapshot.items.map((i) => [i.code, emptyAnswer()])),
        signatures: [],
        campaign: values.campaignId ? { id: values.campaignId, name: campaigns.data?.find((c) => c.id === values.campaignId)?.name ?? '' } : null,
        createdAt: now,
        updatedAt: now,
      };
      await putDraft(draft);
      recordLocation(draft.clientId);
      // Ask the browser not to evict the phone's store under storage pressure: it holds unsent checks.
      void navigator.storage?.persist?.().catch(() => false);
      navigate(`/inspections/run/${draft.clientId}`, { replace: true });
    } catch (err) {
      const offlineMiss = !navigator.onLine;
      setError(offlineMiss ? '当前离线，且本机没有保存过这张检查表，请联网后再开始' : messageOf(err));
      if (!offlineMiss) message.error(messageOf(err));
    } finally {
      setStarting(false);
    }
  };

  const loadError = pack.error ?? templates.error ?? schools.error;
  const savedAt = [pack.data, templates.data, schools.data].find((c) => c?.offline)?.savedAt;
  const size = isMobile ? 'large' : 'middle';
  return (
    <Card
      title={
        <Space>
          <Button type="text" icon={<ArrowLeftOutlined />} aria-label="返回安全检查" onClick={back} />
          <span>开始检查</span>
        </Space>
      }
      extra={<OnlineTag online={online} />}
      styles={{ body: { padding: isMobile ? 12 : 24, maxWidth: 720 } }}
    >
      {savedAt && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={`当前离线：使用本机 ${formatTime(savedAt)} 保存的检查表和学校`} />}
      {loadError && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={online ? loadError : `当前离线，本机还没有保存检查表：${loadError}`} />}
      {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} data-testid="start-error" />}
      {pack.data && levels.length === 0 && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="本区政策包没有为您的角色设置督查层级，无法开始检查" />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        size={size}
        onFinish={start}
        initialValues={{ schoolId: schoolUser ? user.orgUnitId : undefined, level: schoolUser ? 'school_self' : undefined, others: [] }}
      >
        <Form.Item name="schoolId" label="学校" rules={[{ required: true, message: '请选择学校' }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="选择学校"
            disabled={schoolUser}
            loading={schools.loading}
            options={(schools.data?.data ?? []).map((s) => ({ value: s.id, label: s.parentName ? `${s.name}（${s.parentName}）` : s.name }))}
          />
        </Form.Item>
        <Form.Item name="level" label="检查类型" rules={[{ required: true, message: '请选择检查类型' }]}>
          <Select
            placeholder="选择督查层级"
            disabled={schoolUser || levels.length === 1}
            loading={pack.loading}
            options={levels.map((l) => ({ value: l.code, label: l.label }))}
          />
        </Form.Item>
        <Form.Item name="templateCode" label="检查表" rules={[{ required: true, message: '请选择检查表' }]}>
          <Select
            placeholder="选择检查表"
            loading={templates.loading}
            options={usable.map((t) => ({ value: t.code, label: `${t.name}（${t.itemCount} 项${t.periodLabel ? ` · ${t.periodLabel}` : ''}）` }))}
            notFoundContent={templates.loading ? '加载中…' : '没有适用于该检查类型的检查表'}
          />
        </Form.Item>
        {(campaigns.data?.length ?? 0) > 0 && (
          <Form.Item name="campaignId" label="所属专项行动" initialValue={campaignParam} extra="可不选；选择后本次检查和它发现的隐患计入该行动">
            <Select
              allowClear
              placeholder="不属于专项行动"
              options={campaigns.data?.map((c) => ({ value: c.id, label: c.name }))}
              data-testid="inspection-campaign"
            />
          </Form.Item>
        )}
        <Form.Item name="others" label="同行检查人" extra="可不填；填写后检查记录列出全部检查人">
          <Select mode="tags" placeholder="输入姓名后回车" open={false} suffixIcon={null} tokenSeparators={[',', '，', '、', ' ']} />
        </Form.Item>
        <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
          检查内容先保存在本机，没有网络也能继续；提交后联网自动上传。
        </Typography.Paragraph>
        <Button type="primary" htmlType="submit" block={isMobile} loading={starting} disabled={levels.length === 0}>
          开始检查
        </Button>
      </Form>
    </Card>
  );
}

/**
 * Notes where the check was started when the phone allows it: asked once, in the background, and
 * ignored when refused, unavailable or slow (a school gate has no reason to wait for GPS).
 */
function recordLocation(clientId: string) {
  navigator.geolocation?.getCurrentPosition(
    (pos) => {
      const location = { lat: pos.coords.latitude, lng: pos.coords.longitude, accuracy: Math.round(pos.coords.accuracy) };
      void updateDraft(clientId, (d) => (d.status === 'draft' ? { ...d, location } : d));
    },
    () => {},
    { enableHighAccuracy: false, timeout: 15_000, maximumAge: 300_000 },
  );
}
