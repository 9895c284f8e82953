import { CarOutlined, LogoutOutlined, UserAddOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, List, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { useCurrentUser } from '../../auth/AuthContext';
import { OutboxList, useOutbox } from '../../components/OutboxList';
import { PageLoading } from '../../components/PageState';
import { messageOf } from '../../lib/errors';
import { cachedLoad } from '../../offline/cache';
import { newId } from '../../offline/ids';
import { deleteOutboxEntry, getOutboxEntry, onOutboxChanged, submitViaOutbox } from '../../offline/outbox';
import type { OutboxEntry } from '../../offline/outbox-types';

/**
 * 门卫登记. At the gatehouse (the school's own people, on a phone): big buttons, the recent visitors
 * re-entered with one tap, 离校 with one tap. Supervisors see per school whether the log is kept
 * (days with entries, counts) — never who came.
 *
 * Without a network both taps still work: 进校 and 离校 go into the phone's outbox (待上传) with
 * the times taken at the gate; a 离校 of a visitor whose 进校 is still on the phone waits for it
 * (`after`), and one visitor's 离校 is one outbox entry (`leave-<entry id>`), so a second tap
 * queues nothing more. The day's list is the copy saved when the server last answered, with the
 * phone's own entries merged in.
 */
type Entry = {
  id: string;
  kind: 'visitor' | 'vehicle';
  name: string;
  idLast4: string;
  phone: string;
  plate: string;
  purpose: string;
  host: string;
  enteredAt: string;
  leftAt: string | null;
  enteredOn: string;
  /** Kept on the phone, not yet on the server (its 进校 or its 离校). */
  pending?: boolean;
};
type Recent = Omit<Entry, 'id' | 'enteredAt' | 'leftAt' | 'enteredOn'> & { lastAt: string };
type DayLog = { day: string; retentionDays: number; shownFrom: string; items: Entry[]; recent: Recent[] };
type Summary = {
  from: string;
  to: string;
  periodDays: number;
  standard: { minDays: number; windowDays: number };
  keptSchools: number;
  schools: {
    schoolId: string;
    code: string;
    name: string;
    parentName: string;
    days: number;
    entries: number;
    vehicles: number;
    stillIn: number;
    lastDay: string | null;
  }[];
};

const schoolRoles = new Set(['principal', 'school_safety_officer', 'staff']);
const time = (iso: string) => new Date(iso).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' });
const shanghaiDay = (iso: string) => new Date(iso).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
const leaveKey = (entryId: string) => `leave-${entryId}`;
const leavePattern = /^\/api\/gate-log\/([^/]+)\/leave$/;

/** A 进校 still in the outbox, as the lists show an entry. */
function entryOfQueued(e: OutboxEntry): Entry | null {
  // A refused one is not in the school: the outbox list shows why and offers 删除.
  if (e.url !== '/api/gate-log' || e.status !== 'queued') return null;
  const b = e.body as Partial<Record<keyof Entry, string>> & { clientId: string };
  const enteredAt = b.enteredAt ?? e.createdAt;
  return {
    id: b.clientId,
    kind: b.kind === 'vehicle' ? 'vehicle' : 'visitor',
    name: b.name ?? '',
    idLast4: b.idLast4 ?? '',
    phone: b.phone ?? '',
    plate: (b.plate ?? '').toUpperCase(),
    purpose: b.purpose ?? '',
    host: b.host ?? '',
    enteredAt,
    leftAt: null,
    enteredOn: shanghaiDay(enteredAt),
    pending: true,
  };
}

/**
 * The day's entries with the phone's outbox merged in: 进校 not yet sent join the list, and a
 * 离校 not yet sent moves its entry to 已离校 (marked 待上传).
 */
function mergeOutbox(items: Entry[], waiting: OutboxEntry[]): Entry[] {
  const leaves = new Map<string, string>();
  for (const w of waiting) {
    const id = w.status === 'queued' ? leavePattern.exec(w.url)?.[1] : undefined;
    if (id) leaves.set(id, (w.body as { leftAt?: string }).leftAt ?? w.createdAt);
  }
  const known = new Set(items.map((i) => i.id));
  const queued = waiting.map(entryOfQueued).filter((e): e is Entry => e !== null && !known.has(e.id));
  return [...queued, ...items].map((e) => {
    const leftAt = leaves.get(e.id);
    return leftAt && !e.leftAt ? { ...e, leftAt, pending: true } : e;
  });
}

export default function GateLogPage() {
  const user = useCurrentUser();
  return schoolRoles.has(user.role) ? <Gatehouse schoolId={user.orgUnitId} /> : <KeptSummary />;
}

function Gatehouse({ schoolId }: { schoolId: string }) {
  const user = useCurrentUser();
  const { message } = App.useApp();
  // The copy saved on the phone answers when there is no network: who is still inside can be let out.
  const data = useLoad(() => cachedLoad(`gate-log:${user.id}:${schoolId}`, () => api.get<DayLog>(`/api/gate-log?schoolId=${schoolId}`)), schoolId);
  const { entries: waiting } = useOutbox(user.id, 'gate');
  const [kind, setKind] = useState<'visitor' | 'vehicle'>('visitor');
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  // An entry kept on the phone is sent in the background: show it in the lists once the server has it.
  useEffect(() => onOutboxChanged(data.reload), [data.reload]);
  if (data.loading && !data.data) return <PageLoading />;
  // Without a network the gatehouse still records (into the phone's outbox); only the lists wait.
  const d: DayLog = data.data?.data ?? { day: '', retentionDays: 0, shownFrom: '', items: [], recent: [] };
  const items = mergeOutbox(d.items, waiting);
  const inside = items.filter((e) => !e.leftAt);
  const left = items.filter((e) => e.leftAt);

  const enter = async (body: Record<string, unknown>) => {
    setBusy(true);
    // The entry's id and time are chosen here, when the visitor is at the gate: the outbox may
    // send it minutes later, and a resend after a lost answer gets the first entry back.
    const clientId = newId();
    const enteredAt = new Date().toISOString();
    const who = String(body.kind === 'vehicle' ? body.plate : body.name);
    try {
      const r = await submitViaOutbox({
        clientId,
        userId: user.id,
        kind: 'gate',
        url: '/api/gate-log',
        body: { schoolId, ...body, enteredAt, clientId },
        label: `${who} ${time(enteredAt)} 进校`,
      });
      if (r.state === 'refused') {
        await deleteOutboxEntry(clientId); // the form still holds what was typed: fix it and tap again
        throw r.error;
      }
      message[r.state === 'sent' ? 'success' : 'info'](r.state === 'sent' ? '已登记进校' : '当前离线：已保存在本机（待上传），联网后自动上传');
      form.resetFields();
      if (r.state === 'sent') data.reload();
    } catch (e) {
      message.error(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const leave = async (e: Entry) => {
    const clientId = leaveKey(e.id);
    try {
      // One 离校 per visitor on this phone: a second tap before it is sent adds nothing.
      if (await getOutboxEntry(clientId)) return;
      const leftAt = new Date().toISOString();
      // Its 进校 is still on the phone: this one goes after it.
      const after = (await getOutboxEntry(e.id)) ? e.id : undefined;
      const r = await submitViaOutbox({
        clientId,
        userId: user.id,
        kind: 'gate',
        url: `/api/gate-log/${e.id}/leave`,
        body: { leftAt },
        label: `${e.kind === 'vehicle' ? e.plate : e.name} ${time(leftAt)} 离校`,
        ...(after && { after }),
      });
      if (r.state === 'refused') {
        await deleteOutboxEntry(clientId);
        throw r.error;
      }
      message[r.state === 'sent' ? 'success' : 'info'](r.state === 'sent' ? '已登记离校' : '当前离线：离校已保存在本机（待上传），联网后自动上传');
      if (r.state === 'sent') data.reload();
    } catch (err) {
      message.error(messageOf(err));
    }
  };
  const submit = async () => {
    const v = await form.validateFields();
    await enter({ kind, ...Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x ?? ''])) });
  };
  const big = { size: 'large' as const, style: { height: 56, fontSize: 18 } };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={4} style={{ margin: 0 }}>
        门卫登记
      </Typography.Title>
      {data.error && <Alert type="warning" showIcon title={`${data.error}（离线时仍可登记进校和离校，联网后自动上传）`} />}
      {data.data?.offline && (
        <Alert
          type="info"
          showIcon
          data-testid="gate-offline"
          title={`当前离线：名单为本机 ${data.data.savedAt ? time(data.data.savedAt) : ''} 保存的记录；进校、离校仍可登记，联网后自动上传`}
        />
      )}
      <OutboxList userId={user.id} kind="gate" />
      <Card size="small">
        <Segmented
          block
          size="large"
          value={kind}
          onChange={(v) => setKind(v as 'visitor' | 'vehicle')}
          options={[
            { value: 'visitor', label: '来访人员', icon: <UserAddOutlined /> },
            { value: 'vehicle', label: '车辆', icon: <CarOutlined /> },
          ]}
        />
        <Form form={form} layout="vertical" style={{ marginTop: 12 }} size="large">
          {kind === 'vehicle' && (
            <Form.Item name="plate" label="车牌号" rules={[{ required: true, message: '请填写车牌号' }]}>
              <Input maxLength={12} placeholder="渝A12345" data-testid="gate-plate" />
            </Form.Item>
          )}
          <Form.Item name="name" label={kind === 'vehicle' ? '驾驶人' : '姓名'} rules={kind === 'visitor' ? [{ required: true, message: '请填写姓名' }] : []}>
            <Input maxLength={40} data-testid="gate-name" />
          </Form.Item>
          <Space.Compact block>
            <Form.Item name="idLast4" label="证件后4位" style={{ width: '50%' }} rules={[{ pattern: /^$|^[0-9]{3}[0-9Xx]$/, message: '4位数字' }]}>
              <Input maxLength={4} inputMode="numeric" data-testid="gate-id4" />
            </Form.Item>
            <Form.Item name="phone" label="电话（可不填）" style={{ width: '50%' }}>
              <Input maxLength={20} inputMode="tel" />
            </Form.Item>
          </Space.Compact>
          <Space.Compact block>
            <Form.Item name="purpose" label="事由" style={{ width: '50%' }}>
              <Input maxLength={60} data-testid="gate-purpose" />
            </Form.Item>
            <Form.Item name="host" label="被访人/部门" style={{ width: '50%' }}>
              <Input maxLength={40} />
            </Form.Item>
          </Space.Compact>
          <Button type="primary" block loading={busy} onClick={submit} data-testid="gate-enter" {...big}>
            登记进校
          </Button>
        </Form>
      </Card>
      {d.recent.length > 0 && (
        <Card size="small" title="近期来访（点一下即再次登记进校）">
          <Space wrap>
            {d.recent.map((r) => (
              <Button
                key={`${r.kind}|${r.name}|${r.idLast4}|${r.plate}`}
                size="large"
                disabled={busy}
                onClick={() => enter({ kind: r.kind, name: r.name, idLast4: r.idLast4, phone: r.phone, plate: r.plate, purpose: r.purpose, host: r.host })}
                data-testid="gate-recent"
              >
                {r.kind === 'vehicle' ? `车辆 ${r.plate}` : r.name}
                {r.purpose ? ` · ${r.purpose}` : ''}
              </Button>
            ))}
          </Space>
        </Card>
      )}
      <Card size="small" title={`在校（${inside.length}）`}>
        <List
          dataSource={inside}
          locale={{ emptyText: '没有未离校的来访' }}
          renderItem={(e) => (
            <List.Item
              data-testid="gate-inside"
              extra={
                <Button type="primary" danger size="large" icon={<LogoutOutlined />} onClick={() => leave(e)} data-testid="gate-leave">
                  离校
                </Button>
              }
            >
              <div>
                <Typography.Text strong>{e.kind === 'vehicle' ? e.plate : e.name}</Typography.Text>
                {e.kind === 'vehicle' && e.name ? ` ${e.name}` : ''}
                {e.pending && (
                  <Tag color="orange" style={{ marginInlineStart: 6 }}>
                    待上传
                  </Tag>
                )}
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                  {[`${e.enteredOn === d.day ? '' : `${e.enteredOn} `}${time(e.enteredAt)} 进校`, e.purpose, e.host].filter(Boolean).join(' · ')}
                </Typography.Text>
              </div>
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title={`今日已离校（${left.length}）`}>
        <List
          dataSource={left}
          renderItem={(e) => (
            <List.Item data-testid="gate-left">
              <Typography.Text>
                {e.kind === 'vehicle' ? e.plate : e.name} {time(e.enteredAt)}–{e.leftAt ? time(e.leftAt) : ''}
                {e.purpose ? ` · ${e.purpose}` : ''}
              </Typography.Text>
              {e.pending && (
                <Tag color="orange" style={{ marginInlineStart: 6 }}>
                  待上传
                </Tag>
              )}
            </List.Item>
          )}
        />
      </Card>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        登记保存 {d.retentionDays} 天，{d.shownFrom} 以前的记录不再显示；来访人员信息仅本校可见。
      </Typography.Text>
    </Space>
  );
}

function KeptSummary() {
  const data = useLoad(() => api.get<Summary>('/api/gate-log/summary'), 'summary');
  if (data.loading && !data.data) return <PageLoading />;
  if (data.error) return <Alert type="error" title={data.error} />;
  const s = data.data as Summary;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        门卫登记情况
      </Typography.Title>
      <Typography.Text type="secondary">
        {s.from} 至 {s.to}：{s.schools.length} 所学校中 {s.keptSchools} 所有登记；标准为近 {s.standard.windowDays} 天至少 {s.standard.minDays}{' '}
        天有登记。来访人员信息仅学校本校可见。
      </Typography.Text>
      <Table
        size="small"
        rowKey="schoolId"
        dataSource={s.schools}
        pagination={{ pageSize: 50 }}
        scroll={{ x: 640 }}
        columns={[
          { title: '学校', dataIndex: 'name' },
          { title: '街道/教管中心', dataIndex: 'parentName', responsive: ['md'] },
          {
            title: '有登记天数',
            dataIndex: 'days',
            sorter: (a, b) => a.days - b.days,
            render: (v: number) => <Tag color={v >= Math.min(s.standard.minDays, s.periodDays) ? 'green' : v > 0 ? 'orange' : 'red'}>{v} 天</Tag>,
          },
          { title: '登记数', dataIndex: 'entries', sorter: (a, b) => a.entries - b.entries },
          { title: '车辆', dataIndex: 'vehicles', responsive: ['md'] },
          { title: '未离校', dataIndex: 'stillIn' },
          { title: '最近登记', dataIndex: 'lastDay', render: (v: string | null) => v ?? '—' },
        ]}
      />
    </Space>
  );
}
