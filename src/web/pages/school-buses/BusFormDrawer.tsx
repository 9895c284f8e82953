import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Drawer, Form, Input, InputNumber, Select, Space, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../api/client';
import { messageOf } from '../../lib/errors';
import type { Bus } from './busApi';

const day = (v: Dayjs | null | undefined) => (v ? v.format('YYYY-MM-DD') : null);
const pickerOf = (v: string | null) => (v ? dayjs(v) : null);

type DateKeys = 'birthDate' | 'licenceExpiry' | 'licensedSince' | 'checkedOn' | 'trainedOn';
const toPickers = <T extends Record<string, unknown>>(o: T, keys: readonly DateKeys[]) =>
  ({ ...o, ...Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, pickerOf(o[k] as string | null)])) }) as T;
/** Only the date fields, as days: the rest of the row is named field by field (the server refuses unknown keys). */
const toDays = (o: Record<string, unknown>, keys: readonly DateKeys[]) => Object.fromEntries(keys.map((k) => [k, day(o[k] as Dayjs | null)]));

/** 校车登记: the vehicle with its drivers, escorts and routes, saved whole (the school's principal or safety officer). */
export function BusFormDrawer(props: {
  editing: Bus | 'new' | null;
  schoolId: string;
  schools: { id: string; name: string }[];
  onClose: () => void;
  onSaved: (b: Bus) => void;
}) {
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const b = props.editing && props.editing !== 'new' ? props.editing : null;
  const initial = b
    ? {
        ...b,
        licenceExpiry: pickerOf(b.licenceExpiry),
        inspectedOn: pickerOf(b.inspectedOn),
        drivers: b.drivers.map((d) => toPickers(d, ['birthDate', 'licenceExpiry', 'licensedSince', 'checkedOn'])),
        escorts: b.escorts.map((e) => toPickers(e, ['trainedOn'])),
      }
    : { seats: 19, status: 'in_service', drivers: [{ checkPassed: true }], escorts: [{}], routes: [{ studentCount: 0 }] };

  const submit = async () => {
    const v = await form.validateFields();
    const body = {
      schoolId: b?.schoolId ?? props.schoolId,
      plateNo: v.plateNo,
      seats: v.seats,
      model: v.model ?? '',
      licenceNo: v.licenceNo ?? '',
      licenceExpiry: day(v.licenceExpiry),
      inspectedOn: day(v.inspectedOn),
      status: v.status,
      note: v.note ?? '',
      drivers: (v.drivers ?? []).map((d: Record<string, unknown>) => ({
        ...toDays(d, ['birthDate', 'licenceExpiry', 'licensedSince', 'checkedOn']),
        name: d.name,
        phone: d.phone ?? '',
        licenceNo: d.licenceNo ?? '',
        licenceClass: d.licenceClass ?? '',
        checkPassed: d.checkPassed !== false,
        note: d.note ?? '',
      })),
      escorts: (v.escorts ?? []).map((e: Record<string, unknown>) => ({
        name: e.name,
        phone: e.phone ?? '',
        trainedOn: day(e.trainedOn as Dayjs | null),
        note: e.note ?? '',
      })),
      routes: (v.routes ?? []).map((r: Record<string, unknown>) => ({
        name: r.name,
        stops: r.stops ?? '',
        times: r.times ?? '',
        studentCount: r.studentCount ?? 0,
        otherSchoolIds: r.otherSchoolIds ?? [],
      })),
    };
    setSaving(true);
    setError(null);
    try {
      const r = b
        ? await api.put<{ bus: Bus }>(`/api/school-buses/${b.id}`, { ...body, version: b.version })
        : await api.post<{ bus: Bus }>('/api/school-buses', body);
      props.onSaved(r.bus);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setSaving(false);
    }
  };

  const required = (label: string) => [{ required: true, message: `请填写${label}` }];
  return (
    <Drawer
      open={props.editing !== null}
      onClose={props.onClose}
      size="large"
      title={b ? `修改校车 ${b.plateNo}` : '登记校车'}
      destroyOnHidden
      extra={
        <Button type="primary" loading={saving} onClick={submit} data-testid="bus-save">
          保存
        </Button>
      }
    >
      {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
      <Form form={form} layout="vertical" initialValues={initial}>
        <Space wrap>
          <Form.Item name="plateNo" label="车牌号" rules={required('车牌号')}>
            <Input maxLength={12} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="seats" label="核载人数" rules={required('核载人数')}>
            <InputNumber min={1} max={100} />
          </Form.Item>
          <Form.Item name="model" label="品牌型号">
            <Input maxLength={60} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="status" label="状态">
            <Select
              style={{ width: 120 }}
              options={[
                { value: 'in_service', label: '在用' },
                { value: 'retired', label: '停用/报废' },
              ]}
            />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="licenceNo" label="校车标牌/使用许可编号">
            <Input maxLength={40} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="licenceExpiry" label="使用许可有效期至">
            <DatePicker />
          </Form.Item>
          <Form.Item name="inspectedOn" label="最近安全技术检验" tooltip="617号令：校车每半年安全技术检验 1 次">
            <DatePicker />
          </Form.Item>
        </Space>
        <Form.List name="drivers">
          {(fields, { add, remove }) => (
            <Card
              size="small"
              title="驾驶员"
              extra={<Button size="small" icon={<PlusOutlined />} onClick={() => add({ checkPassed: true })} />}
              style={{ marginBottom: 12 }}
            >
              {fields.map((f) => (
                <Space key={f.key} wrap align="start">
                  <Form.Item name={[f.name, 'name']} label="姓名" rules={required('姓名')}>
                    <Input maxLength={30} style={{ width: 100 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'phone']} label="电话">
                    <Input maxLength={40} style={{ width: 130 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'birthDate']} label="出生日期">
                    <DatePicker />
                  </Form.Item>
                  <Form.Item name={[f.name, 'licenceClass']} label="准驾车型">
                    <Input maxLength={10} style={{ width: 70 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'licenceNo']} label="驾驶证号">
                    <Input maxLength={40} style={{ width: 180 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'licenceExpiry']} label="驾驶证有效期至">
                    <DatePicker />
                  </Form.Item>
                  <Form.Item name={[f.name, 'licensedSince']} label="初次领证">
                    <DatePicker />
                  </Form.Item>
                  <Form.Item name={[f.name, 'checkedOn']} label="资格审核日期" tooltip="驾龄、记分、事故、酒驾、犯罪记录、身体条件（617号令）">
                    <DatePicker />
                  </Form.Item>
                  <Form.Item name={[f.name, 'checkPassed']} label="审核通过" valuePropName="checked">
                    <Switch />
                  </Form.Item>
                  <MinusCircleOutlined style={{ marginTop: 36 }} onClick={() => remove(f.name)} />
                </Space>
              ))}
            </Card>
          )}
        </Form.List>
        <Form.List name="escorts">
          {(fields, { add, remove }) => (
            <Card
              size="small"
              title="随车照管人员"
              extra={<Button size="small" icon={<PlusOutlined />} onClick={() => add({})} />}
              style={{ marginBottom: 12 }}
            >
              {fields.map((f) => (
                <Space key={f.key} wrap align="start">
                  <Form.Item name={[f.name, 'name']} label="姓名" rules={required('姓名')}>
                    <Input maxLength={30} style={{ width: 100 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'phone']} label="电话">
                    <Input maxLength={40} style={{ width: 130 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'trainedOn']} label="培训日期">
                    <DatePicker />
                  </Form.Item>
                  <MinusCircleOutlined style={{ marginTop: 36 }} onClick={() => remove(f.name)} />
                </Space>
              ))}
            </Card>
          )}
        </Form.List>
        <Form.List name="routes">
          {(fields, { add, remove }) => (
            <Card
              size="small"
              title="线路"
              extra={<Button size="small" icon={<PlusOutlined />} onClick={() => add({ studentCount: 0 })} />}
              style={{ marginBottom: 12 }}
            >
              {fields.map((f) => (
                <Space key={f.key} wrap align="start">
                  <Form.Item name={[f.name, 'name']} label="线路名称" rules={required('线路名称')}>
                    <Input maxLength={60} style={{ width: 120 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'stops']} label="停靠站点">
                    <Input maxLength={1000} style={{ width: 220 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'times']} label="发车时间">
                    <Input maxLength={100} style={{ width: 110 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'studentCount']} label="乘车学生">
                    <InputNumber min={0} max={200} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'otherSchoolIds']} label="同时服务的学校">
                    <Select
                      mode="multiple"
                      style={{ width: 220 }}
                      showSearch={{ optionFilterProp: 'label' }}
                      options={props.schools.map((s) => ({ value: s.id, label: s.name }))}
                    />
                  </Form.Item>
                  <MinusCircleOutlined style={{ marginTop: 36 }} onClick={() => remove(f.name)} />
                </Space>
              ))}
            </Card>
          )}
        </Form.List>
        <Form.Item name="note" label="备注">
          <Input.TextArea maxLength={2000} rows={2} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
