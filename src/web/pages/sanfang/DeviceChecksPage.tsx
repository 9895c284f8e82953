import { CheckCircleFilled, CloseCircleFilled, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Input, List, Modal, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, api } from '../../api/client';
import { useLoad, useOrgUnits } from '../../api/hooks';
import { useAuth } from '../../auth/AuthContext';
import { CountStrip } from '../../components/CountStrip';
import { messageOf } from '../../lib/errors';
import { DeviceHistoryModal } from './DeviceHistory';

/**
 * 每日在线巡检: the police (precinct), the 教管中心 and the district admin confirm each gate camera
 * and one-key alarm every day. Everything is online by default; a tap marks the exceptions; one
 * save covers every school shown. Tabs: the online rates, devices offline several days in a row
 * (→ 技防 hazard), and the platform's CSV import and push token.
 */
type GridDevice = { id: string; kind: string; name: string; location: string; offline: boolean; note: string };
type GridSchool = { id: string; name: string; parentName: string; checked: boolean; checkedBy: string | null; devices: GridDevice[] };
type Grid = { day: string; canSave: boolean; schools: GridSchool[] };
type Rates = {
  from: string;
  to: string;
  offlineLimitDays: number | null;
  today: { day: string; schoolsWithDevices: number; schoolsChecked: number; done: boolean };
  rate: number;
  daily: { day: string; schools: number; devices: number; offline: number; rate: number }[];
  townships: { parentName: string; schools: number; devices: number; offline: number; rate: number }[];
  schools: { schoolId: string; name: string; parentName: string; days: number; devices: number; offline: number; rate: number }[];
  outages: {
    deviceId: string;
    deviceName: string;
    kind: string;
    location: string;
    schoolId: string;
    schoolName: string;
    start: string;
    last: string;
    days: number;
    reachesLimit: boolean;
    hazard: { id: string; code: string; state: string } | null;
  }[];
};

const kindLabel = (k: string) => (k === 'alarm' ? '一键报警' : '校门视频');
const todayOf = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

export default function DeviceChecksPage() {
  const { user } = useAuth();
  const { message, modal } = App.useApp();
  const [params, setParams] = useSearchParams();
  const day = params.get('day') ?? todayOf();
  const orgUnitId = params.get('orgUnitId') ?? undefined;
  const unchecked = params.get('unchecked') === 'true';
  const units = useOrgUnits(['township', 'centre']);
  const grid = useLoad(
    () => api.get<Grid>('/api/sanfang/device-checks', { day, orgUnitId, unchecked: unchecked || undefined }),
    `${day}|${orgUnitId}|${unchecked}`,
  );
  const rates = useLoad(() => api.get<Rates>('/api/sanfang/device-checks/rates', { orgUnitId }), `${orgUnitId}`);
  const [offline, setOffline] = useState<Map<string, string>>(new Map());
  const [busy, setBusy] = useState(false);
  const [history, setHistory] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);

  useEffect(() => {
    const m = new Map<string, string>();
    for (const s of grid.data?.schools ?? []) for (const d of s.devices) if (d.offline) m.set(d.id, d.note);
    setOffline(m);
  }, [grid.data]);

  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next);
  };
  const toggle = (id: string) =>
    setOffline((m) => {
      const n = new Map(m);
      if (n.has(id)) n.delete(id);
      else n.set(id, '');
      return n;
    });
  const schools = grid.data?.schools ?? [];
  const deviceCount = useMemo(() => schools.reduce((n, s) => n + s.devices.length, 0), [schools]);

  const save = async () => {
    setBusy(true);
    try {
      const r = await api.put<{ schools: number; devices: number; offline: number; rate: number }>('/api/sanfang/device-checks', {
        day,
        schoolIds: schools.map((s) => s.id),
        offline: [...offline].map(([deviceId, note]) => ({ deviceId, note })),
      });
      message.success(`已保存 ${day} 巡检：${r.schools} 所学校，${r.devices} 台设施，离线 ${r.offline} 台，在线率 ${r.rate}%`);
      grid.reload();
      rates.reload();
    } catch (e) {
      message.error(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const toHazards = (ids: string[]) =>
    modal.confirm({
      title: `将 ${ids.length} 台持续离线的设施转为技防隐患？`,
      content: '每台设施登记一条隐患并关联该设施；同一次离线已登记过的不重复登记。',
      okText: '转为隐患',
      cancelText: '取消',
      onOk: async () => {
        try {
          const r = await api.post<{ created: unknown[] }>('/api/sanfang/device-outages/hazards', { deviceIds: ids });
          message.success(`已登记 ${r.created.length} 条隐患`);
          setSelected([]);
          rates.reload();
        } catch (e) {
          message.error(messageOf(e));
        }
      },
    });

  const r = rates.data;
  const canSave = !!grid.data?.canSave;
  const checkTab = (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">默认全部在线，只需点选离线的设施，再点“保存”。</Typography.Text>
      {grid.error && <Alert type="error" title={grid.error} />}
      {!grid.loading && schools.length === 0 && <Alert type="success" title={unchecked ? '范围内学校今日均已巡检' : '范围内没有校门视频或一键报警'} />}
      {schools.map((s) => (
        <Card
          key={s.id}
          size="small"
          data-testid={`check-school-${s.id}`}
          title={
            <Space size={4} wrap>
              <Link to={`/sanfang/schools/${s.id}`}>{s.name}</Link>
              {s.checked ? <Tag color="green">已巡检{s.checkedBy ? `·${s.checkedBy}` : ''}</Tag> : <Tag>未巡检</Tag>}
            </Space>
          }
          styles={{ body: { padding: 8 } }}
        >
          <Space size={[6, 6]} wrap>
            {s.devices.map((d) => {
              const off = offline.has(d.id);
              return (
                <Button
                  key={d.id}
                  size="middle"
                  danger={off}
                  type={off ? 'primary' : 'default'}
                  disabled={!canSave}
                  icon={off ? <CloseCircleFilled /> : <CheckCircleFilled style={{ color: '#52c41a' }} />}
                  onClick={() => toggle(d.id)}
                  data-testid={`device-${d.id}`}
                  aria-pressed={off}
                  style={{ minHeight: 40 }}
                >
                  {d.name}
                  {off ? '（离线）' : ''}
                </Button>
              );
            })}
          </Space>
        </Card>
      ))}
      {canSave && schools.length > 0 && (
        <div style={{ position: 'sticky', bottom: 0, background: 'var(--ant-color-bg-container, #fff)', padding: '8px 0', zIndex: 2 }}>
          <Button type="primary" block size="large" loading={busy} onClick={save} data-testid="save-checks">
            保存 {day} 巡检（{schools.length} 所学校 {deviceCount} 台，离线 {offline.size} 台）
          </Button>
        </div>
      )}
    </Space>
  );

  const ratesTab = (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card size="small" title="逐日在线率（近 30 天）">
        <Table
          size="small"
          rowKey="day"
          pagination={{ pageSize: 10 }}
          dataSource={[...(r?.daily ?? [])].reverse()}
          columns={[
            { title: '日期', dataIndex: 'day' },
            { title: '学校', dataIndex: 'schools', align: 'right' },
            { title: '设施', dataIndex: 'devices', align: 'right' },
            { title: '离线', dataIndex: 'offline', align: 'right' },
            { title: '在线率', dataIndex: 'rate', align: 'right', render: (v: number) => `${v}%` },
          ]}
        />
      </Card>
      <Card size="small" title="各街镇在线率">
        <Table
          size="small"
          rowKey="parentName"
          pagination={false}
          dataSource={r?.townships ?? []}
          columns={[
            { title: '街道/教管中心', dataIndex: 'parentName' },
            { title: '学校', dataIndex: 'schools', align: 'right' },
            { title: '离线台次', dataIndex: 'offline', align: 'right' },
            { title: '在线率', dataIndex: 'rate', align: 'right', render: (v: number) => `${v}%` },
          ]}
        />
      </Card>
      <Card size="small" title="在线率最低的学校">
        <Table
          size="small"
          rowKey="schoolId"
          pagination={{ pageSize: 10 }}
          dataSource={r?.schools ?? []}
          columns={[
            { title: '学校', dataIndex: 'name', render: (v: string, x) => <Link to={`/sanfang/schools/${x.schoolId}`}>{v}</Link> },
            { title: '巡检天数', dataIndex: 'days', align: 'right' },
            { title: '离线台次', dataIndex: 'offline', align: 'right' },
            { title: '在线率', dataIndex: 'rate', align: 'right', render: (v: number) => `${v}%` },
          ]}
        />
      </Card>
    </Space>
  );

  const outagesTab = (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">连续 {r?.offlineLimitDays ?? '—'} 个巡检日离线的设施可一键转为技防隐患（依据政策包 device_online）。</Typography.Text>
      {canSave && (
        <Button disabled={!selected.length} onClick={() => toHazards(selected)} data-testid="outage-hazards">
          选中的转为隐患（{selected.length}）
        </Button>
      )}
      <Table
        size="small"
        rowKey="deviceId"
        pagination={{ pageSize: 20 }}
        dataSource={r?.outages ?? []}
        scroll={{ x: true }}
        rowSelection={
          canSave
            ? { selectedRowKeys: selected, onChange: (k) => setSelected(k as string[]), getCheckboxProps: (x) => ({ disabled: !x.reachesLimit || !!x.hazard }) }
            : undefined
        }
        columns={[
          {
            title: '设施',
            dataIndex: 'deviceName',
            render: (v: string, x) => (
              <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setHistory(x.deviceId)}>
                {kindLabel(x.kind)}·{v}
              </Button>
            ),
          },
          { title: '学校', dataIndex: 'schoolName', render: (v: string, x) => <Link to={`/sanfang/schools/${x.schoolId}`}>{v}</Link> },
          { title: '离线起', dataIndex: 'start' },
          {
            title: '连续巡检日',
            dataIndex: 'days',
            align: 'right',
            render: (v: number, x) => (x.reachesLimit ? <Typography.Text type="danger">{v}</Typography.Text> : v),
          },
          {
            title: '隐患',
            key: 'hazard',
            render: (_: unknown, x) =>
              x.hazard ? <Link to={`/hazards/${x.hazard.id}`}>{x.hazard.code}</Link> : x.reachesLimit ? <Tag color="red">待转隐患</Tag> : null,
          },
        ]}
      />
    </Space>
  );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div>
        <Link to="/sanfang">三防建设</Link>
        <Typography.Title level={4} style={{ margin: '4px 0 0' }}>
          每日在线巡检
        </Typography.Title>
      </div>
      <Space wrap>
        <Input type="date" value={day} max={todayOf()} onChange={(e) => set('day', e.target.value || undefined)} style={{ width: 160 }} aria-label="巡检日期" />
        {user?.role !== 'police_officer' && (
          <Select
            allowClear
            placeholder="街道/教管中心"
            style={{ width: 180 }}
            value={orgUnitId}
            onChange={(v) => set('orgUnitId', v)}
            options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
          />
        )}
        <Select
          style={{ width: 140 }}
          value={unchecked ? 'unchecked' : 'all'}
          onChange={(v) => set('unchecked', v === 'unchecked' ? 'true' : undefined)}
          options={[
            { value: 'all', label: '全部学校' },
            { value: 'unchecked', label: '未巡检学校' },
          ]}
        />
      </Space>
      <CountStrip
        testIdPrefix="device-checks"
        loading={rates.loading}
        items={[
          { key: 'checked', title: `今日已巡检学校（共 ${r?.today.schoolsWithDevices ?? '—'} 所）`, value: r?.today.schoolsChecked },
          { key: 'rate', title: '近30天在线率 %', value: r?.rate },
          { key: 'outages', title: '持续离线设施', value: r?.outages.filter((o) => o.reachesLimit).length, alert: true },
        ]}
      />
      <Tabs
        items={[
          { key: 'check', label: '巡检', children: checkTab },
          { key: 'rates', label: '在线率', children: ratesTab },
          { key: 'outages', label: `持续离线（${r?.outages.length ?? 0}）`, children: outagesTab },
          ...(canSave
            ? [
                {
                  key: 'platform',
                  label: '平台对接',
                  children: <PlatformPanel day={day} admin={user?.role === 'district_admin'} onDone={() => grid.reload()} />,
                },
              ]
            : []),
        ]}
      />
      <DeviceHistoryModal deviceId={history} onClose={() => setHistory(null)} />
    </Space>
  );
}

function PlatformPanel({ day, admin, onDone }: { day: string; admin: boolean; onDone: () => void }) {
  const { message } = App.useApp();
  const [errors, setErrors] = useState<{ row?: number; column?: string; message: string }[]>([]);
  const [token, setToken] = useState<string | null>(null);
  const tokenState = useLoad(
    () => (admin ? api.get<{ exists: boolean; createdAt: string | null; lastUsedAt: string | null }>('/api/sanfang/device-push-token') : Promise.resolve(null)),
    `${admin}|${token}`,
  );
  const upload = async (file: File) => {
    setErrors([]);
    try {
      const r = await api.upload<{ rows: number; offline: number; schools: number }>(`/api/sanfang/device-checks/import?day=${day}`, file, 'text/csv');
      message.success(`已导入 ${r.rows} 台设施的状态（${r.schools} 所学校，离线 ${r.offline} 台）`);
      onDone();
    } catch (e) {
      message.error(messageOf(e));
      if (e instanceof ApiError) setErrors(e.details);
    }
  };
  const rotate = () =>
    Modal.confirm({
      title: '生成新的推送令牌？',
      content: '旧令牌将立即作废，视频平台需改用新令牌。',
      okText: '生成',
      cancelText: '取消',
      onOk: async () => {
        try {
          setToken((await api.post<{ token: string }>('/api/sanfang/device-push-token')).token);
        } catch (e) {
          message.error(messageOf(e));
        }
      },
    });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card size="small" title={`导入视频平台导出的 CSV（${day}）`}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          表头：设备编号, 在线状态（在线/离线）[, 日期, 备注]。先校验全部行，有任何错误则逐行报告，不导入任何数据。
        </Typography.Paragraph>
        <label>
          <input
            type="file"
            accept=".csv,text/csv"
            data-testid="csv-input"
            style={{ display: 'none' }}
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void upload(f);
              e.target.value = '';
            }}
          />
          <Button icon={<UploadOutlined />} onClick={(e) => (e.currentTarget.previousSibling as HTMLInputElement | null)?.click()}>
            选择 CSV 文件
          </Button>
        </label>
        {errors.length > 0 && (
          <List
            size="small"
            style={{ marginTop: 8 }}
            dataSource={errors}
            renderItem={(x) => (
              <List.Item>
                <Typography.Text type="danger">
                  {x.row ? `第 ${x.row} 行` : ''}
                  {x.column ? `「${x.column}」` : ''}：{x.message}
                </Typography.Text>
              </List.Item>
            )}
          />
        )}
      </Card>
      {admin && (
        <Card size="small" title="平台推送令牌">
          <Typography.Paragraph type="secondary">
            视频平台以 POST /api/sanfang/device-status-push 推送每日状态，请求头 Authorization: Bearer &lt;令牌&gt;。令牌只显示一次，服务器只保存其哈希。
          </Typography.Paragraph>
          <Typography.Paragraph>
            {tokenState.data?.exists ? `当前令牌生成于 ${new Date(tokenState.data.createdAt ?? '').toLocaleString('zh-CN')}` : '尚未生成令牌'}
            {tokenState.data?.lastUsedAt ? `，最近使用 ${new Date(tokenState.data.lastUsedAt).toLocaleString('zh-CN')}` : ''}
          </Typography.Paragraph>
          {token && (
            <Alert
              type="warning"
              title="请立即复制保存，关闭后不再显示"
              description={
                <Typography.Text copyable code>
                  {token}
                </Typography.Text>
              }
              style={{ marginBottom: 8 }}
            />
          )}
          <Button onClick={rotate}>{tokenState.data?.exists ? '轮换令牌' : '生成令牌'}</Button>
        </Card>
      )}
    </Space>
  );
}
