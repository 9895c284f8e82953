import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Drawer, Form, Input, InputNumber, List, Select, Space, Switch, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { originLabel } from '../../../domain/policy/origin-label';
import { schoolLocationLabels, schoolLocations } from '../../../domain/policy/pack-schema';
import {
  antiRamKinds,
  antiRamLabels,
  deviceKindLabels,
  deviceKinds,
  perimeterTypeLabels,
  perimeterTypes,
  personRoleLabels,
  personRoles,
} from '../../../domain/sanfang';
import { bgResultLabels, bgStatusLabels, shiftLabels } from '../../../domain/sanfang-inputs';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { ExcelImportModal } from '../../components/ExcelImportModal';
import { PageLoading } from '../../components/PageState';
import { messageOf } from '../../lib/errors';
import { BuildingsTab } from './BuildingsTab';
import { SchoolDeviceStatus } from './DeviceStatus';

/**
 * One school's 三防 register (people, devices, perimeter) and its standards table: required,
 * actual, gap, met, with the rule's origin; a gap becomes a hazard with one tap. Phone-first:
 * lists of cards, forms in a bottom drawer.
 */
type Standard = {
  code: string;
  label: string;
  categoryLabel: string;
  unit: string;
  applies: boolean;
  required: number;
  actual: number;
  gap: number;
  met: boolean;
  detail: string;
  source: string;
  origin: { pack: string; version: string; file: string };
  hazard: { id: string; code: string; state: string } | null;
};
type Person = Record<string, unknown> & {
  id: string;
  role: string;
  name: string;
  active: boolean;
  bgStatus: string;
  bgResult: string | null;
  bgResultHidden: boolean;
};
type Device = Record<string, unknown> & { id: string; kind: string; name: string; location: string; place: string | null; working: boolean };
type SchoolSanfang = {
  school: { id: string; name: string; parentName: string; guardsRequired: number; guardsOnPost: number; guardsShort: number } | null;
  canEdit: boolean;
  canSeeBackgroundResults: boolean;
  pack: { name: string; version: string };
  site: Record<string, unknown> | null;
  persons: Person[];
  devices: Device[];
  standards: Standard[];
  cameraPlaces: { code: string; label: string }[];
  equipmentItems: { code: string; label: string }[];
};

const opts = <K extends string>(keys: readonly K[], labels: Record<K, string>) => keys.map((k) => ({ value: k, label: labels[k] }));

export default function SchoolSanfangPage() {
  const { id = '' } = useParams();
  const { message } = App.useApp();
  const data = useLoad(() => api.get<SchoolSanfang>(`/api/sanfang/schools/${id}`), id);
  const [drawer, setDrawer] = useState<null | { kind: 'person' | 'device'; record?: Person | Device }>(null);
  const [importing, setImporting] = useState<null | 'guards' | 'devices'>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const [siteForm] = Form.useForm();
  const kind = Form.useWatch('kind', form) as string | undefined;
  if (data.loading && !data.data) return <PageLoading />;
  if (data.error) return <Alert type="error" title={data.error} />;
  const d = data.data as SchoolSanfang;
  const unmet = d.standards.filter((s) => s.applies && !s.met && !s.hazard);

  const toHazard = async (codes: string[]) => {
    setBusy(true);
    try {
      const r = await api.post<{ created: unknown[] }>('/api/sanfang/gap-hazards', { schoolIds: [id], ruleCodes: codes });
      message.success(`已登记 ${r.created.length} 条隐患`);
      data.reload();
    } catch (e) {
      message.error(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const open = (kind: 'person' | 'device', record?: Person | Device) => {
    form.resetFields();
    form.setFieldsValue(
      record ?? (kind === 'person' ? { role: 'guard', shift: 'day', trained: false, active: true } : { kind: 'camera', working: true, quantity: 1 }),
    );
    setDrawer(record ? { kind, record } : { kind });
  };
  const save = async () => {
    if (!drawer) return;
    const values = await form.validateFields();
    // Unset fields keep the server's default; a cleared date is null, a cleared text empty.
    const nullable = new Set(['birthDate', 'certificateExpiry', 'hireDate', 'bgDate', 'gender', 'bgResult', 'place', 'antiRam', 'item', 'retentionDays']);
    const clean = Object.fromEntries(
      Object.entries(values)
        .filter(([k, v]) => v !== undefined && !(k === 'quantity' && v === null))
        .map(([k, v]) => [k, (v === '' || v === null) && nullable.has(k) ? null : v === null ? '' : v]),
    );
    const base = drawer.kind === 'person' ? '/api/sanfang/guards' : '/api/sanfang/devices';
    setBusy(true);
    try {
      if (drawer.record) await api.patch(`${base}/${drawer.record.id}`, clean);
      else await api.post(base, { ...clean, schoolId: id });
      message.success('已保存');
      setDrawer(null);
      data.reload();
    } catch (e) {
      message.error(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const saveSite = async () => {
    const v = await siteForm.validateFields();
    try {
      await api.put(`/api/sanfang/schools/${id}/site`, { ...v, wallHeightM: v.wallHeightM ?? null, note: v.note ?? '' });
      message.success('已保存');
      data.reload();
    } catch (e) {
      message.error(messageOf(e));
    }
  };

  const standards = (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {d.canEdit && unmet.length > 0 && (
        <Button type="primary" danger block loading={busy} onClick={() => toHazard(unmet.map((s) => s.code))} data-testid="sanfang-all-hazards">
          全部未达标项转为隐患（{unmet.length}）
        </Button>
      )}
      <List
        dataSource={d.standards}
        renderItem={(s) => (
          <Card size="small" style={{ marginBottom: 8 }} data-testid={`standard-${s.code}`}>
            <Space style={{ justifyContent: 'space-between', width: '100%' }} align="start">
              <div>
                <Tag>{s.categoryLabel}</Tag>
                <Typography.Text strong>{s.label}</Typography.Text>
              </div>
              {!s.applies ? <Tag>不适用</Tag> : s.met ? <Tag color="green">达标</Tag> : <Tag color="red">未达标</Tag>}
            </Space>
            {s.applies && (
              <Typography.Paragraph style={{ margin: '6px 0 0' }}>
                应 {s.required}
                {s.unit}　现 {s.actual}
                {s.unit}
                {s.gap > 0 && (
                  <Typography.Text type="danger">
                    　差 {s.gap}
                    {s.unit}
                  </Typography.Text>
                )}
              </Typography.Paragraph>
            )}
            {s.detail && s.applies && <Typography.Text type="secondary">{s.detail}</Typography.Text>}
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              依据：{originLabel(s.origin)}
              {s.source ? ` · ${s.source}` : ''}
            </Typography.Text>
            {s.hazard && (
              <Link to={`/hazards/${s.hazard.id}`}>
                <Tag color="orange">已登记隐患 {s.hazard.code}</Tag>
              </Link>
            )}
            {d.canEdit && s.applies && !s.met && !s.hazard && (
              <Button size="small" style={{ marginTop: 6 }} loading={busy} onClick={() => toHazard([s.code])} data-testid={`to-hazard-${s.code}`}>
                转为隐患
              </Button>
            )}
          </Card>
        )}
      />
    </Space>
  );

  const people = (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {d.canEdit && (
        <Space wrap>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open('person')} data-testid="add-person">
            登记人员
          </Button>
          <Button icon={<UploadOutlined />} onClick={() => setImporting('guards')}>
            Excel 导入
          </Button>
        </Space>
      )}
      <List
        dataSource={d.persons}
        renderItem={(p) => (
          <List.Item onClick={() => d.canEdit && open('person', p)} style={{ cursor: d.canEdit ? 'pointer' : undefined }}>
            <div>
              <Typography.Text strong>{p.name}</Typography.Text> <Tag>{personRoleLabels[p.role as keyof typeof personRoleLabels] ?? p.role}</Tag>
              {!p.active && <Tag>离岗</Tag>}
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {[
                  p.company,
                  p.post,
                  shiftLabels[p.shift as keyof typeof shiftLabels],
                  p.certificateNo ? `证号 ${p.certificateNo}` : '无证',
                  p.certificateExpiry ? `至 ${p.certificateExpiry}` : '',
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                背景审查：{bgStatusLabels[p.bgStatus as keyof typeof bgStatusLabels]}
                {p.bgResultHidden ? '（结果仅区教委、公安、校长可见）' : p.bgResult ? ` · ${bgResultLabels[p.bgResult as keyof typeof bgResultLabels]}` : ''}
              </Typography.Text>
            </div>
          </List.Item>
        )}
      />
    </Space>
  );

  const devices = (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {d.canEdit && (
        <Space wrap>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open('device')} data-testid="add-device">
            登记设施
          </Button>
          <Button icon={<UploadOutlined />} onClick={() => setImporting('devices')}>
            Excel 导入
          </Button>
        </Space>
      )}
      <List
        dataSource={d.devices}
        renderItem={(v) => (
          <List.Item onClick={() => d.canEdit && open('device', v)} style={{ cursor: d.canEdit ? 'pointer' : undefined }}>
            <div>
              <Typography.Text strong>{v.name}</Typography.Text> <Tag>{deviceKindLabels[v.kind as keyof typeof deviceKindLabels] ?? v.kind}</Tag>
              {!v.working && <Tag color="red">故障</Tag>}
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {[
                  v.location,
                  v.place ? (d.cameraPlaces.find((p) => p.code === v.place)?.label ?? v.place) : '',
                  v.retentionDays !== null && v.retentionDays !== undefined ? `保存${v.retentionDays}天` : '',
                  v.networked ? '已联网' : '',
                  v.linked110 ? '联动110' : '',
                  v.antiRam ? `防冲撞：${antiRamLabels[v.antiRam as keyof typeof antiRamLabels]}` : '',
                  v.kind === 'equipment' ? `${v.quantity} 件` : '',
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </Typography.Text>
            </div>
          </List.Item>
        )}
      />
    </Space>
  );

  const site = (
    <Form
      form={siteForm}
      layout="vertical"
      disabled={!d.canEdit}
      initialValues={
        d.site ?? { location: 'urban', perimeterType: 'wall', antiClimb: false, closedManagement: false, policeRoom: false, parentsWaitingArea: false }
      }
      onFinish={saveSite}
    >
      <Form.Item name="location" label="地域类型" rules={[{ required: true }]}>
        <Select options={opts(schoolLocations, schoolLocationLabels)} />
      </Form.Item>
      <Form.Item name="perimeterType" label="周界类型" rules={[{ required: true }]}>
        <Select options={opts(perimeterTypes, perimeterTypeLabels)} />
      </Form.Item>
      <Form.Item name="wallHeightM" label="围墙高度（米）">
        <InputNumber min={0} max={10} step={0.1} style={{ width: '100%' }} />
      </Form.Item>
      {(
        [
          ['antiClimb', '防攀爬措施'],
          ['closedManagement', '实行封闭化管理'],
          ['policeRoom', '设警务室/岗亭'],
          ['parentsWaitingArea', '设家长等候区'],
        ] as const
      ).map(([k, label]) => (
        <Form.Item key={k} name={k} label={label} valuePropName="checked">
          <Switch />
        </Form.Item>
      ))}
      <Form.Item name="note" label="备注">
        <Input.TextArea maxLength={500} rows={2} />
      </Form.Item>
      {d.canEdit && (
        <Button type="primary" htmlType="submit" block>
          保存
        </Button>
      )}
    </Form>
  );

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <div>
        <Link to="/sanfang">三防建设</Link>
        <Typography.Title level={4} style={{ margin: '4px 0 0' }}>
          {d.school?.name ?? ''}
        </Typography.Title>
        {d.school && (
          <Typography.Text type={d.school.guardsShort ? 'danger' : 'secondary'} data-testid="school-guard-gap">
            按目前规模应配保安{d.school.guardsRequired}名，现有{d.school.guardsOnPost}名{d.school.guardsShort ? `，缺${d.school.guardsShort}名` : ''}
          </Typography.Text>
        )}
      </div>
      <Tabs
        items={[
          { key: 'standards', label: `标准对照${unmet.length ? `（${unmet.length}）` : ''}`, children: standards },
          { key: 'people', label: `人防（${d.persons.length}）`, children: people },
          { key: 'devices', label: `物防技防（${d.devices.length}）`, children: devices },
          { key: 'site', label: '周界与封闭', children: site },
          { key: 'buildings', label: '校舍与消防', children: <BuildingsTab schoolId={id} onChanged={data.reload} /> },
          ...(id ? [{ key: 'online', label: '在线巡检', children: <SchoolDeviceStatus schoolId={id} /> }] : []),
        ]}
      />
      <Drawer
        open={!!drawer}
        placement="bottom"
        size="85%"
        title={drawer?.kind === 'person' ? (drawer.record ? '修改人员' : '登记人员') : drawer?.record ? '修改设施' : '登记设施'}
        onClose={() => setDrawer(null)}
        extra={
          <Button type="primary" loading={busy} onClick={save} data-testid="drawer-save">
            保存
          </Button>
        }
      >
        <Form form={form} layout="vertical">
          {drawer?.kind === 'person' ? (
            <>
              <Form.Item name="role" label="人员类别" rules={[{ required: true }]}>
                <Select options={opts(personRoles, personRoleLabels)} />
              </Form.Item>
              <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
                <Input maxLength={40} />
              </Form.Item>
              <Form.Item name="gender" label="性别">
                <Select
                  allowClear
                  options={[
                    { value: 'male', label: '男' },
                    { value: 'female', label: '女' },
                  ]}
                />
              </Form.Item>
              <Form.Item name="birthDate" label="出生日期（YYYY-MM-DD）" rules={[{ pattern: /^\d{4}-\d{2}-\d{2}$/, message: '格式应为 YYYY-MM-DD' }]}>
                <Input placeholder="1980-01-01" />
              </Form.Item>
              <Form.Item name="company" label="保安公司">
                <Input maxLength={60} />
              </Form.Item>
              <Form.Item name="certificateNo" label="保安员证号">
                <Input maxLength={40} />
              </Form.Item>
              <Form.Item name="certificateExpiry" label="证件有效期至" rules={[{ pattern: /^\d{4}-\d{2}-\d{2}$/, message: '格式应为 YYYY-MM-DD' }]}>
                <Input placeholder="2029-12-31" />
              </Form.Item>
              <Form.Item name="post" label="岗位/校门">
                <Input maxLength={40} />
              </Form.Item>
              <Form.Item name="shift" label="班次">
                <Select options={opts(['day', 'full_day'] as const, shiftLabels)} />
              </Form.Item>
              <Form.Item name="trained" label="岗前培训" valuePropName="checked">
                <Switch />
              </Form.Item>
              <Form.Item name="bgStatus" label="背景审查">
                <Select options={opts(['none', 'pending', 'done'] as const, bgStatusLabels)} />
              </Form.Item>
              {d.canSeeBackgroundResults && (
                <Form.Item name="bgResult" label="审查结果">
                  <Select allowClear options={opts(['clear', 'concern'] as const, bgResultLabels)} />
                </Form.Item>
              )}
              <Form.Item name="active" label="在岗" valuePropName="checked">
                <Switch />
              </Form.Item>
            </>
          ) : (
            <>
              <Form.Item name="kind" label="类别" rules={[{ required: true }]}>
                <Select options={opts(deviceKinds, deviceKindLabels)} />
              </Form.Item>
              <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写名称' }]}>
                <Input maxLength={40} />
              </Form.Item>
              <Form.Item name="location" label="安装位置">
                <Input maxLength={60} />
              </Form.Item>
              {(kind === 'camera' || kind === 'alarm') && (
                <Form.Item name="place" label="重点部位">
                  <Select allowClear options={d.cameraPlaces.map((p) => ({ value: p.code, label: p.label }))} />
                </Form.Item>
              )}
              {(kind === 'camera' || kind === 'recorder') && (
                <Form.Item name="retentionDays" label="视频保存天数">
                  <InputNumber min={0} max={3650} style={{ width: '100%' }} />
                </Form.Item>
              )}
              {(kind === 'camera' || kind === 'alarm' || kind === 'recorder') && (
                <Form.Item name="networked" label="与公安机关联网" valuePropName="checked">
                  <Switch />
                </Form.Item>
              )}
              {kind === 'alarm' && (
                <Form.Item name="linked110" label="联动110" valuePropName="checked">
                  <Switch />
                </Form.Item>
              )}
              {kind === 'gate' && (
                <>
                  <Form.Item name="mainGate" label="主校门" valuePropName="checked">
                    <Switch />
                  </Form.Item>
                  <Form.Item name="antiRam" label="硬质防冲撞设施">
                    <Select allowClear options={opts(antiRamKinds, antiRamLabels)} />
                  </Form.Item>
                  <Form.Item name="separated" label="人车分流" valuePropName="checked">
                    <Switch />
                  </Form.Item>
                </>
              )}
              {kind === 'equipment' && (
                <>
                  <Form.Item name="item" label="器械">
                    <Select allowClear options={d.equipmentItems.map((p) => ({ value: p.code, label: p.label }))} />
                  </Form.Item>
                  <Form.Item name="quantity" label="数量">
                    <InputNumber min={0} max={10000} style={{ width: '100%' }} />
                  </Form.Item>
                </>
              )}
              <Form.Item name="working" label="运行正常" valuePropName="checked">
                <Switch />
              </Form.Item>
            </>
          )}
        </Form>
      </Drawer>
      <ExcelImportModal
        open={!!importing}
        title={importing === 'guards' ? '导入三防人员' : '导入三防设施'}
        templateUrl={`/api/sanfang/export?part=${importing ?? 'guards'}&schoolId=${id}`}
        templateName={importing === 'guards' ? '三防人员.xlsx' : '三防设施.xlsx'}
        importUrl={`/api/sanfang/import?part=${importing ?? 'guards'}`}
        intro="先下载本校现有台账（即模板），修改或追加行后上传；填写记录编号的行更新该记录，空白则新增。有任何错误将逐行列出，不导入任何数据。"
        checkedText={(r) => `校验通过：共 ${r.total ?? 0} 行，新增 ${r.created ?? 0}，更新 ${r.updated ?? 0}`}
        doneText={(r) => `已导入 ${r.total ?? 0} 行`}
        onClose={() => setImporting(null)}
        onImported={() => {
          setImporting(null);
          data.reload();
        }}
      />
    </Space>
  );
}
