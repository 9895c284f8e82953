import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Drawer, Form, Input, InputNumber, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { DataZoomComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useLoad, useOrgUnits } from '../../api/hooks';
import type { Attachment } from '../../api/types';
import { useCurrentUser } from '../../auth/AuthContext';
import { AttachmentList } from '../../components/AttachmentList';
import { PhotoUpload } from '../../components/PhotoUpload';
import { SchoolLink } from '../../components/SchoolLink';
import { messageOf } from '../../lib/errors';
import { type ChartOption, EChart } from '../dashboard/EChart';
import { TileLayer } from '../dashboard/MapTiles';
import { GatesEditor } from './GatesEditor';
import {
  circle,
  gateLabel,
  type MapSchool,
  type Premise,
  type PremiseList,
  type SaveResult,
  type SurroundingsMapData,
  type Zone,
  zoneCentres,
} from './surroundingsApi';
import { WaterDrawer } from './WaterDrawer';

echarts.use([DataZoomComponent]);

const PAGE_SIZE = 20;
const filterKeys = ['typeCode', 'breach', 'parentId', 'status'] as const;
type FilterKey = (typeof filterKeys)[number];

/** 校园周边: the premises near schools (list and map, filtered by type, breach and township), the form in a drawer. */
export default function SurroundingsPage() {
  const user = useCurrentUser();
  const { message, modal } = App.useApp();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const filters = Object.fromEntries(filterKeys.map((k) => [k, params.get(k) ?? undefined])) as Record<FilterKey, string | undefined>;
  const list = useLoad(() => api.get<PremiseList>('/api/premises', { page, pageSize: PAGE_SIZE, ...filters }), `list:${params.toString()}`);
  const [tab, setTab] = useState('list');
  const mapList = useLoad(
    () => (tab === 'map' ? api.get<PremiseList>('/api/premises', { page: 1, pageSize: 200, ...filters }) : Promise.resolve(null)),
    `map:${tab}:${JSON.stringify(filters)}`,
  );
  const schools = useLoad(
    () => (tab === 'map' || tab === 'gates' ? api.get<SurroundingsMapData>('/api/premises/map') : Promise.resolve(null)),
    `schools:${tab}`,
  );
  const townships = useOrgUnits(['township', 'centre']);
  const departments = useOrgUnits(['department']);
  const [editing, setEditing] = useState<Premise | 'new' | null>(null);
  const [waterId, setWaterId] = useState<string | null>(null);

  const update = (patch: Partial<Record<FilterKey | 'page', string | undefined>>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
  };
  const types = list.data?.types ?? [];
  const reload = () => {
    list.reload();
    mapList.reload();
  };

  // The breach being turned into a hazard (premise:school): its button waits, and is not pressed twice.
  const [raising, setRaising] = useState<string | null>(null);
  const raise = (p: Premise, schoolId: string) => {
    setRaising(`${p.id}:${schoolId}`);
    api
      .post<{ hazard: { code: string }; note: string }>(`/api/premises/${p.id}/hazards`, { schoolId })
      .then((r) => {
        message.success(`已转为隐患 ${r.hazard.code}：${r.note}`);
        reload();
      })
      .catch((e) => message.error(messageOf(e)))
      .finally(() => setRaising(null));
  };

  const recompute = () =>
    api
      .post<{ premises: number; breaches: number }>('/api/premises/recompute')
      .then((r) => {
        message.success(`已重新计算 ${r.premises} 个场所，${r.breaches} 处违规`);
        reload();
      })
      .catch((e) => message.error(messageOf(e)));

  const saved = (r: SaveResult) => {
    setEditing(null);
    reload();
    if (r.breaches.length) modal.warning({ title: '该场所违反学校周边禁设规定', content: r.breaches.map((b) => <div key={b}>{b}</div>) });
    else message.success('已保存，未发现违规');
  };

  const columns: ColumnsType<Premise> = [
    {
      title: '名称',
      dataIndex: 'name',
      width: 200,
      fixed: 'left',
      render: (v: string, r) => (
        <Space orientation="vertical" size={0}>
          <span>{v}</span>
          <Typography.Text type="secondary">{r.address}</Typography.Text>
        </Space>
      ),
    },
    { title: '类型', dataIndex: 'typeLabel', width: 170 },
    {
      title: '附近学校',
      key: 'near',
      width: 260,
      render: (_: unknown, r) =>
        r.near.length ? (
          <Space orientation="vertical" size={2}>
            {r.near.slice(0, 3).map((n) => (
              <span key={n.schoolId}>
                <SchoolLink id={n.schoolId} name={n.schoolName} />（{gateLabel(n)}）{Math.round(n.distanceM)} 米
              </span>
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">500 米内无学校</Typography.Text>
        ),
    },
    {
      title: '违规',
      key: 'breach',
      width: 340,
      render: (_: unknown, r) =>
        r.breachCount ? (
          <Space orientation="vertical" size={4}>
            {r.near
              .filter((n) => n.breach)
              .map((n) => (
                <Space key={n.schoolId} wrap size={4} data-testid={`breach-${n.schoolId}`}>
                  <Typography.Text type="danger">{n.message}</Typography.Text>
                  {n.openHazard ? (
                    <Link to={`/hazards/${n.openHazard.id}`}>隐患 {n.openHazard.code}</Link>
                  ) : (
                    // While the list is being fetched again (after a save or a hand-over) the row is the old
                    // answer: its hazard and whether it hands over are not known yet, so no button until they are.
                    r.canEdit &&
                    !list.loading && (
                      <Button
                        size="small"
                        data-testid="raise-hazard"
                        loading={raising === `${r.id}:${n.schoolId}`}
                        disabled={raising !== null}
                        title={r.canHandOver ? `登记为隐患，研判为一般隐患并交办${r.departmentName}整改` : '登记为隐患，待研判后交办'}
                        onClick={() => raise(r, n.schoolId)}
                      >
                        {r.canHandOver ? '转为隐患并交办' : '转为隐患'}
                      </Button>
                    )
                  )}
                </Space>
              ))}
          </Space>
        ) : (
          <Tag color="green">无</Tag>
        ),
    },
    { title: '主管部门', dataIndex: 'departmentName', width: 150, render: (v: string | null) => v ?? '—' },
    { title: '照片', key: 'photos', width: 120, render: (_: unknown, r) => (r.photos.length ? <AttachmentList files={r.photos} size={36} /> : '—') },
    { title: '状态', dataIndex: 'statusLabel', width: 110 },
    {
      title: '',
      key: 'op',
      width: 150,
      render: (_: unknown, r) => (
        <Space size={0}>
          {types.find((t) => t.code === r.typeCode)?.water && (
            <Button type="link" size="small" onClick={() => setWaterId(r.id)} data-testid="water-open">
              标志·防护·巡查
            </Button>
          )}
          {r.canEdit && (
            <Button type="link" size="small" onClick={() => setEditing(r)}>
              编辑
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card
      title="校园周边"
      extra={
        <Space>
          {user.role === 'district_admin' && (
            <Button icon={<ReloadOutlined />} onClick={recompute}>
              重新计算
            </Button>
          )}
          {list.data?.canCreate && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="premise-new">
              登记场所
            </Button>
          )}
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder="场所类型"
          style={{ width: 220 }}
          value={filters.typeCode}
          options={types.map((t) => ({ value: t.code, label: t.label }))}
          onChange={(v?: string) => update({ typeCode: v })}
        />
        <Select
          allowClear
          placeholder="违规情况"
          style={{ width: 140 }}
          value={filters.breach}
          options={[
            { value: 'true', label: '违反禁设规定' },
            { value: 'false', label: '未违规' },
          ]}
          onChange={(v?: string) => update({ breach: v })}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder="街道/镇"
          style={{ width: 180 }}
          value={filters.parentId}
          options={(townships.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
          onChange={(v?: string) => update({ parentId: v })}
        />
        <Select
          allowClear
          placeholder="状态"
          style={{ width: 140 }}
          value={filters.status}
          options={[
            { value: 'open', label: '营业/存在' },
            { value: 'closed', label: '已关停/已清理' },
          ]}
          onChange={(v?: string) => update({ status: v })}
        />
      </Space>
      {list.error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={list.error} />}
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'list',
            label: `列表${list.data ? `（${list.data.total}）` : ''}`,
            children: (
              <Table<Premise>
                rowKey="id"
                size="middle"
                loading={list.loading}
                dataSource={list.data?.items ?? []}
                columns={columns}
                scroll={{ x: 1500 }}
                locale={{ emptyText: '暂无周边场所' }}
                onRow={() => ({ 'data-testid': 'premise-row' }) as React.HTMLAttributes<HTMLElement>}
                pagination={{
                  current: page,
                  pageSize: PAGE_SIZE,
                  total: list.data?.total ?? 0,
                  showSizeChanger: false,
                  onChange: (p) => update({ page: String(p) }),
                }}
              />
            ),
          },
          {
            key: 'map',
            label: '地图',
            children: (
              <SurroundingsMap
                premises={mapList.data?.items ?? []}
                schools={schools.data?.schools ?? []}
                zones={list.data?.zones ?? []}
                tileUrl={schools.data?.tileUrl ?? null}
              />
            ),
          },
          {
            key: 'gates',
            label: '校门坐标',
            children: (
              <GatesEditor
                schools={schools.data?.schools ?? []}
                onSaved={() => {
                  schools.reload();
                  reload();
                }}
              />
            ),
          },
        ]}
      />
      <PremiseDrawer
        editing={editing}
        list={list.data}
        departments={(departments.data ?? []).filter((d) => d.departmentType !== 'commission_office')}
        onClose={() => setEditing(null)}
        onSaved={saved}
      />
      <WaterDrawer premiseId={waterId} onClose={() => setWaterId(null)} />
    </Card>
  );
}

function PremiseDrawer(props: {
  editing: Premise | 'new' | null;
  list: PremiseList | undefined;
  departments: { id: string; name: string }[];
  onClose: () => void;
  onSaved: (r: SaveResult) => void;
}) {
  const { editing, list } = props;
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const p = editing && editing !== 'new' ? editing : null;
  const initial = p
    ? { ...p, licenceExpiry: p.licenceExpiry ? dayjs(p.licenceExpiry) : null, photos: p.photos }
    : { status: 'open', typeCode: list?.types.find((t) => t.canWrite)?.code };
  const submit = async () => {
    const v = await form.validateFields();
    const body = {
      typeCode: v.typeCode,
      name: v.name ?? '',
      address: v.address ?? '',
      latitude: v.latitude,
      longitude: v.longitude,
      licenceNo: v.licenceNo ?? '',
      licenceExpiry: v.licenceExpiry ? v.licenceExpiry.format('YYYY-MM-DD') : null,
      operatorName: v.operatorName ?? '',
      contactPhone: v.contactPhone ?? '',
      departmentUnitId: v.departmentUnitId ?? null,
      status: v.status,
      note: v.note ?? '',
      attachmentIds: ((v.photos ?? []) as Attachment[]).map((f) => f.id),
    };
    setSaving(true);
    setError(null);
    try {
      const r = p ? await api.put<SaveResult>(`/api/premises/${p.id}`, { ...body, version: p.version }) : await api.post<SaveResult>('/api/premises', body);
      props.onSaved(r);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Drawer
      open={editing !== null}
      title={p ? `编辑场所：${p.name}` : '登记周边场所'}
      size={480}
      onClose={props.onClose}
      destroyOnHidden
      extra={
        <Button type="primary" loading={saving} onClick={submit} data-testid="premise-save">
          保存
        </Button>
      }
    >
      {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
      <Form form={form} layout="vertical" initialValues={initial} preserve={false}>
        <Form.Item name="typeCode" label="场所类型" rules={[{ required: true, message: '请选择场所类型' }]}>
          <Select options={(list?.types ?? []).filter((t) => t.canWrite || t.code === p?.typeCode).map((t) => ({ value: t.code, label: t.label }))} />
        </Form.Item>
        <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写场所名称' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="address" label="地址">
          <Input maxLength={200} />
        </Form.Item>
        <Space>
          <Form.Item name="latitude" label="纬度" rules={[{ required: true, message: '请填写纬度' }]}>
            <InputNumber min={-90} max={90} step={0.0001} precision={6} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="longitude" label="经度" rules={[{ required: true, message: '请填写经度' }]}>
            <InputNumber min={-180} max={180} step={0.0001} precision={6} style={{ width: 200 }} />
          </Form.Item>
        </Space>
        <Space>
          <Form.Item name="licenceNo" label="许可证号">
            <Input maxLength={60} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="licenceExpiry" label="许可证有效期至">
            <DatePicker style={{ width: 200 }} />
          </Form.Item>
        </Space>
        <Space>
          <Form.Item name="operatorName" label="经营者/联系人">
            <Input maxLength={60} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="contactPhone" label="联系电话">
            <Input maxLength={40} style={{ width: 200 }} />
          </Form.Item>
        </Space>
        <Form.Item name="departmentUnitId" label="主管部门">
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={props.departments.map((d) => ({ value: d.id, label: d.name }))} />
        </Form.Item>
        <Form.Item name="status" label="状态">
          <Select
            options={[
              { value: 'open', label: '营业/存在' },
              { value: 'closed', label: '已关停/已清理' },
            ]}
          />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="photos" label="现场照片" extra="保存后照片随场所留存（已保存的照片不能在此删除）">
          <PhotoUpload purpose="premise" schoolId={undefined} noSchool max={20} />
        </Form.Item>
        <Typography.Text type="secondary">
          保存时按椭球面测地距离从最近的校门（学校没有校门坐标时从学校位置）计算附近学校，并判断是否违反禁设规定。
        </Typography.Text>
      </Form>
    </Drawer>
  );
}

const MAP_SIZE = 600;

/**
 * Schools and premises on longitude/latitude with the zone circles around each gate (or the
 * school's point when it has no gates); scroll to zoom. Tiles only when the deployment names a
 * tile server (MAP_TILE_URL); they cover the initial view, so zooming is off then.
 */
function SurroundingsMap({ premises, schools, zones, tileUrl }: { premises: Premise[]; schools: MapSchool[]; zones: Zone[]; tileUrl: string | null }) {
  const option = useMemo<ChartOption | null>(() => {
    const nearIds = new Set(premises.flatMap((p) => p.near.map((n) => n.schoolId)));
    const focus = premises.length ? [...premises.map((p) => ({ lat: p.latitude, lng: p.longitude })), ...schools.filter((s) => nearIds.has(s.id))] : schools;
    if (!focus.length) return null;
    const lngs = focus.map((p) => p.lng);
    const lats = focus.map((p) => p.lat);
    // A square box in metres drawn on a square grid, so the zone circles are round.
    const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
    const kx = 111_320 * Math.cos((midLat * Math.PI) / 180);
    const ky = 110_574;
    const half = Math.max(((Math.max(...lngs) - Math.min(...lngs)) * kx) / 2, ((Math.max(...lats) - Math.min(...lats)) * ky) / 2) + 400;
    const cx = (Math.min(...lngs) + Math.max(...lngs)) / 2;
    const [x0, x1, y0, y1] = [cx - half / kx, cx + half / kx, midLat - half / ky, midLat + half / ky];
    const inView = schools.filter((s) => s.lng >= x0 && s.lng <= x1 && s.lat >= y0 && s.lat <= y1);
    const ring = (z: Zone, color: string) => ({
      name: z.label,
      type: 'line',
      silent: true,
      showSymbol: false,
      lineStyle: { color, width: 1, type: 'dashed' },
      data: inView.flatMap((s) => zoneCentres(s).flatMap((c) => [...circle(c.lat, c.lng, z.radiusM), '-'])),
    });
    const premise = (name: string, color: string, test: (p: Premise) => boolean) => ({
      name,
      type: 'scatter',
      symbol: 'diamond',
      symbolSize: 11,
      itemStyle: { color },
      data: premises.filter(test).map((p) => ({
        name: p.name,
        value: [p.longitude, p.latitude],
        info: `${p.typeLabel}<br/>${p.near
          .filter((n) => n.breach)
          .map((n) => n.message)
          .join('<br/>')}`,
      })),
    });
    return {
      box: { x0, x1, y0, y1 },
      tooltip: { trigger: 'item', formatter: (p: { data: { name: string; info?: string } }) => `${p.data.name}${p.data.info ? `<br/>${p.data.info}` : ''}` },
      legend: { top: 0 },
      grid: { left: 'center', width: MAP_SIZE, top: 32, height: MAP_SIZE },
      xAxis: { type: 'value', min: x0, max: x1, show: false },
      yAxis: { type: 'value', min: y0, max: y1, show: false },
      dataZoom: tileUrl
        ? []
        : [
            { type: 'inside', xAxisIndex: 0, filterMode: 'none' },
            { type: 'inside', yAxisIndex: 0, filterMode: 'none' },
          ],
      series: [
        ...zones.map((z, i) => ring(z, i === 0 ? '#1677ff' : '#fa8c16')),
        { name: '学校', type: 'scatter', symbolSize: 12, itemStyle: { color: '#1677ff' }, data: inView.map((s) => ({ name: s.name, value: [s.lng, s.lat] })) },
        {
          name: '校门',
          type: 'scatter',
          symbol: 'rect',
          symbolSize: 7,
          itemStyle: { color: '#13c2c2' },
          data: inView.flatMap((s) => s.gates.map((g) => ({ name: `${s.name}${g.name}`, value: [g.lng, g.lat] }))),
        },
        premise('违规场所', '#f5222d', (p) => p.breachCount > 0),
        premise('其他场所', '#8c8c8c', (p) => p.breachCount === 0),
      ],
    };
  }, [premises, schools, zones, tileUrl]);
  if (!option) return <Alert type="info" showIcon title="没有可显示的学校或场所坐标" />;
  const { box, ...chart } = option as ChartOption & { box: { x0: number; x1: number; y0: number; y1: number } };
  return (
    <>
      <div style={{ position: 'relative' }}>
        {tileUrl && <TileLayer url={tileUrl} box={box} rect={(w) => ({ left: (w - MAP_SIZE) / 2, top: 32, width: MAP_SIZE, height: MAP_SIZE })} />}
        <EChart option={chart} height={640} testId="surroundings-map" style={{ position: 'relative' }} />
      </div>
      <Typography.Text type="secondary">
        圆圈为以每个校门（没有校门坐标的学校以学校位置）为圆心的学生安全区域（{zones.map((z) => `${z.radiusM} 米`).join('、')}）；
        {tileUrl ? '底图来自本系统配置的瓦片服务。' : '滚轮缩放，拖动平移。未配置底图（MAP_TILE_URL），不加载任何外部地图。'}
      </Typography.Text>
    </>
  );
}
