import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Drawer, Form, Input, InputNumber, List, Select, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { appraisalGradeLabels, appraisalGrades, buildingUseLabels, buildingUses, fireFacilityKindLabels, fireFacilityKinds } from '../../../domain/buildings';
import { originLabel } from '../../../domain/policy/origin-label';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { ExcelImportModal } from '../../components/ExcelImportModal';
import { PageLoading } from '../../components/PageState';
import { messageOf } from '../../lib/errors';

/**
 * 校舍与消防 on a school's 三防 page: buildings with their appraisal (next due, overdue, 危房), fire
 * facilities with their maintenance service and dates, and the 火灾高危单位 assessment. The rules
 * behind the dates (pack, certainty) are listed; the standards tab evaluates them with the others.
 */
type Building = Record<string, unknown> & {
  id: string;
  name: string;
  use: string;
  grade: string | null;
  appraisedOn: string | null;
  appraisalDueOn: string | null;
  appraisalOverdue: boolean;
  dangerous: boolean;
  active: boolean;
};
type Facility = Record<string, unknown> & {
  id: string;
  kind: string;
  location: string;
  quantity: number;
  serviceCompany: string;
  maintenanceDueOn: string | null;
  problem: string;
};
type Data = {
  canEdit: boolean;
  buildings: Building[];
  fireFacilities: Facility[];
  fireUnit: { highRisk: boolean; assessedOn: string | null; assessedBy: string; assessmentDueOn: string | null; assessmentOverdue: boolean };
  rules: { code: string; label: string; description: string; certainty: string | null; origin: { pack: string; version: string; file: string } }[];
};
const opts = <K extends string>(keys: readonly K[], labels: Record<K, string>) => keys.map((k) => ({ value: k, label: labels[k] }));
const dayRule = [{ pattern: /^\d{4}-\d{2}-\d{2}$/, message: '格式应为 YYYY-MM-DD' }];

export function BuildingsTab({ schoolId, onChanged }: { schoolId: string; onChanged: () => void }) {
  const { message } = App.useApp();
  const data = useLoad(() => api.get<Data>(`/api/sanfang/schools/${schoolId}/buildings`), schoolId);
  const [drawer, setDrawer] = useState<null | { kind: 'building' | 'fire'; record?: Building | Facility }>(null);
  const [importing, setImporting] = useState<null | 'buildings' | 'fire'>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const [unitForm] = Form.useForm();
  if (data.loading && !data.data) return <PageLoading />;
  if (data.error) return <Alert type="error" title={data.error} />;
  const d = data.data as Data;
  const reload = () => {
    data.reload();
    onChanged();
  };
  const open = (kind: 'building' | 'fire', record?: Building | Facility) => {
    form.resetFields();
    form.setFieldsValue(
      record ??
        (kind === 'building'
          ? { use: 'teaching', floors: 1, designLifeYears: 50, seismicCompliant: false, active: true }
          : { kind: 'extinguisher', quantity: 1, working: true }),
    );
    setDrawer(record ? { kind, record } : { kind });
  };
  const save = async () => {
    if (!drawer) return;
    const v = await form.validateFields();
    const nullable = new Set(['yearBuilt', 'areaM2', 'grade', 'appraisedOn', 'lastMaintainedOn', 'nextMaintenanceOn']);
    const clean = Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => [k, (x === '' || x === null) && nullable.has(k) ? null : x === null ? '' : x]),
    );
    const base = drawer.kind === 'building' ? '/api/sanfang/buildings' : '/api/sanfang/fire-facilities';
    setBusy(true);
    try {
      if (drawer.record) await api.patch(`${base}/${drawer.record.id}`, clean);
      else await api.post(base, { ...clean, schoolId });
      message.success('已保存');
      setDrawer(null);
      reload();
    } catch (e) {
      message.error(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const saveUnit = async () => {
    const v = await unitForm.validateFields();
    try {
      await api.put(`/api/sanfang/schools/${schoolId}/fire-unit`, { highRisk: !!v.highRisk, assessedOn: v.assessedOn || null, assessedBy: v.assessedBy ?? '' });
      message.success('已保存');
      reload();
    } catch (e) {
      message.error(messageOf(e));
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {d.canEdit && (
        <Space wrap>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open('building')} data-testid="add-building">
            登记校舍
          </Button>
          <Button icon={<PlusOutlined />} onClick={() => open('fire')} data-testid="add-fire">
            登记消防设施
          </Button>
          <Button icon={<UploadOutlined />} onClick={() => setImporting('buildings')}>
            导入校舍
          </Button>
          <Button icon={<UploadOutlined />} onClick={() => setImporting('fire')}>
            导入消防设施
          </Button>
        </Space>
      )}
      <Typography.Title level={5}>校舍（{d.buildings.length}）</Typography.Title>
      <List
        dataSource={d.buildings}
        renderItem={(b) => (
          <List.Item onClick={() => d.canEdit && open('building', b)} style={{ cursor: d.canEdit ? 'pointer' : undefined }} data-testid="building-item">
            <div>
              <Typography.Text strong>{b.name}</Typography.Text> <Tag>{buildingUseLabels[b.use as keyof typeof buildingUseLabels] ?? b.use}</Tag>
              {b.grade && <Tag color={b.dangerous ? 'red' : 'green'}>{b.grade}级</Tag>}
              {b.dangerous && <Tag color="red">危房</Tag>}
              {!b.active && <Tag>停用</Tag>}
              {b.active && b.appraisalOverdue && <Tag color="orange">鉴定逾期</Tag>}
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {b.appraisedOn ? `鉴定 ${b.appraisedOn}` : '未鉴定'}
                {b.appraisalDueOn ? ` · 下次鉴定 ${b.appraisalDueOn} 前` : ''}
              </Typography.Text>
            </div>
          </List.Item>
        )}
      />
      <Typography.Title level={5}>消防设施（{d.fireFacilities.length}）</Typography.Title>
      <List
        dataSource={d.fireFacilities}
        renderItem={(f) => (
          <List.Item onClick={() => d.canEdit && open('fire', f)} style={{ cursor: d.canEdit ? 'pointer' : undefined }} data-testid="fire-item">
            <div>
              <Typography.Text strong>{fireFacilityKindLabels[f.kind as keyof typeof fireFacilityKindLabels] ?? f.kind}</Typography.Text> {f.location} ·{' '}
              {f.quantity}
              {f.problem ? <Tag color="orange">{f.problem}</Tag> : <Tag color="green">完好</Tag>}
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {[f.serviceCompany || '无维保单位', f.maintenanceDueOn ? `下次维保 ${f.maintenanceDueOn}` : ''].filter(Boolean).join(' · ')}
              </Typography.Text>
            </div>
          </List.Item>
        )}
      />
      <Card size="small" title="火灾高危单位与年度消防安全评估">
        <Form form={unitForm} layout="vertical" disabled={!d.canEdit} initialValues={d.fireUnit} onFinish={saveUnit}>
          <Form.Item name="highRisk" label="属火灾高危单位" valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="assessedOn" label="最近一次消防安全评估日期" rules={dayRule}>
            <Input placeholder="2026-03-01" />
          </Form.Item>
          <Form.Item name="assessedBy" label="评估机构">
            <Input maxLength={60} />
          </Form.Item>
          {d.fireUnit.highRisk && (
            <Typography.Paragraph type={d.fireUnit.assessmentOverdue ? 'danger' : 'secondary'}>
              {d.fireUnit.assessmentDueOn ? `下次评估 ${d.fireUnit.assessmentDueOn} 前` : '尚未评估'}
              {d.fireUnit.assessmentOverdue ? '（已逾期）' : ''}
            </Typography.Paragraph>
          )}
          {d.canEdit && (
            <Button type="primary" htmlType="submit" block>
              保存
            </Button>
          )}
        </Form>
      </Card>
      <Card size="small" title="依据">
        {d.rules.map((r) => (
          <Typography.Paragraph key={r.code} style={{ fontSize: 12, marginBottom: 6 }}>
            <Typography.Text strong>{r.label}</Typography.Text>：{r.description}（{originLabel(r.origin)}
            {r.certainty ? ` · 可信度 ${r.certainty}` : ''}）
          </Typography.Paragraph>
        ))}
      </Card>
      <Drawer
        open={!!drawer}
        placement="bottom"
        size="85%"
        title={drawer?.kind === 'building' ? (drawer.record ? '修改校舍' : '登记校舍') : drawer?.record ? '修改消防设施' : '登记消防设施'}
        onClose={() => setDrawer(null)}
        extra={
          <Button type="primary" loading={busy} onClick={save} data-testid="building-save">
            保存
          </Button>
        }
      >
        <Form form={form} layout="vertical">
          {drawer?.kind === 'building' ? (
            <>
              <Form.Item name="name" label="校舍名称" rules={[{ required: true, message: '请填写名称' }]}>
                <Input maxLength={40} />
              </Form.Item>
              <Form.Item name="use" label="用途">
                <Select options={opts(buildingUses, buildingUseLabels)} />
              </Form.Item>
              <Form.Item name="floors" label="层数">
                <InputNumber min={0} max={200} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="yearBuilt" label="建成年份">
                <InputNumber min={1900} max={2100} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="areaM2" label="建筑面积（㎡）">
                <InputNumber min={0} max={999999} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="seismicCompliant" label="达到重点设防类抗震标准" valuePropName="checked">
                <Switch />
              </Form.Item>
              <Form.Item name="designLifeYears" label="设计使用年限（年）">
                <InputNumber min={1} max={200} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="grade" label="安全鉴定等级">
                <Select allowClear options={opts(appraisalGrades, appraisalGradeLabels)} />
              </Form.Item>
              <Form.Item name="appraisedOn" label="鉴定日期" rules={dayRule}>
                <Input placeholder="2026-03-01" />
              </Form.Item>
              <Form.Item name="appraisedBy" label="鉴定单位">
                <Input maxLength={60} />
              </Form.Item>
              <Form.Item name="active" label="在用" valuePropName="checked">
                <Switch />
              </Form.Item>
            </>
          ) : (
            <>
              <Form.Item name="kind" label="类别" rules={[{ required: true }]}>
                <Select options={opts(fireFacilityKinds, fireFacilityKindLabels)} />
              </Form.Item>
              <Form.Item name="location" label="位置">
                <Input maxLength={60} />
              </Form.Item>
              <Form.Item name="quantity" label="数量">
                <InputNumber min={0} max={100000} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="serviceCompany" label="维保单位（具备资质的消防技术服务机构）">
                <Input maxLength={60} />
              </Form.Item>
              <Form.Item name="lastMaintainedOn" label="上次维保日期" rules={dayRule}>
                <Input placeholder="2026-03-01" />
              </Form.Item>
              <Form.Item name="nextMaintenanceOn" label="下次维保日期（空则按政策包周期计）" rules={dayRule}>
                <Input placeholder="2027-03-01" />
              </Form.Item>
              <Form.Item name="working" label="完好有效" valuePropName="checked">
                <Switch />
              </Form.Item>
            </>
          )}
        </Form>
      </Drawer>
      <ExcelImportModal
        open={!!importing}
        title={importing === 'fire' ? '导入消防设施' : '导入校舍'}
        templateUrl={`/api/sanfang/buildings/export?part=${importing ?? 'buildings'}&schoolId=${schoolId}`}
        templateName={importing === 'fire' ? '消防设施.xlsx' : '校舍.xlsx'}
        importUrl={`/api/sanfang/buildings/import?part=${importing ?? 'buildings'}`}
        intro="先下载本校现有台账（即模板），修改或追加行后上传；填写记录编号的行更新该记录，空白则新增。有任何错误将逐行列出，不导入任何数据。"
        checkedText={(r) => `校验通过：共 ${r.total ?? 0} 行，新增 ${r.created ?? 0}，更新 ${r.updated ?? 0}`}
        doneText={(r) => `已导入 ${r.total ?? 0} 行`}
        onClose={() => setImporting(null)}
        onImported={() => {
          setImporting(null);
          reload();
        }}
      />
    </Space>
  );
}
