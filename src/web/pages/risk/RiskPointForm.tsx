import { App, Button, DatePicker, Form, Input, Select, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api } from '../../api/client';
import { useOrgUnits } from '../../api/hooks';
import { useCurrentUser } from '../../auth/AuthContext';
import { messageOf } from '../../lib/errors';
import { type Assessment, lecC, lecE, lecL, lsValues, type RiskPointDetail, type RiskPolicy } from './riskApi';

const DISTRICT = '__district__';
const options = (values: number[]) => values.map((v) => ({ value: v, label: String(v) }));

/** The factors of one assessment (LS: L, S; LEC: L, E, C) with the live score and colour under the pack's thresholds. */
export function AssessmentFields({ policy }: { policy: RiskPolicy }) {
  const form = Form.useFormInstance();
  const method = Form.useWatch(['assessment', 'method'], form) as 'ls' | 'lec' | undefined;
  const a = Form.useWatch('assessment', form) as Partial<Record<string, number>> | undefined;
  const score = method === 'ls' && a?.l && a?.s ? a.l * a.s : method === 'lec' && a?.l && a?.e && a?.c ? Math.round(a.l * a.e * a.c * 100) / 100 : null;
  const t = method ? policy.thresholds[method] : null;
  const colour = score === null || !t ? null : score >= t.red ? '红' : score >= t.orange ? '橙' : score >= t.yellow ? '黄' : '蓝';
  return (
    <>
      <Form.Item name={['assessment', 'method']} label="评估方法" rules={[{ required: true, message: '请选择评估方法' }]}>
        <Select options={policy.methods.map((m) => ({ value: m.code, label: m.label }))} />
      </Form.Item>
      <Space wrap>
        <Form.Item name={['assessment', 'l']} label="可能性 L" rules={[{ required: true, message: '请选择' }]}>
          <Select style={{ width: 110 }} options={options(method === 'lec' ? lecL : lsValues)} />
        </Form.Item>
        {method === 'lec' ? (
          <>
            <Form.Item name={['assessment', 'e']} label="暴露频率 E" rules={[{ required: true, message: '请选择' }]}>
              <Select style={{ width: 110 }} options={options(lecE)} />
            </Form.Item>
            <Form.Item name={['assessment', 'c']} label="后果 C" rules={[{ required: true, message: '请选择' }]}>
              <Select style={{ width: 110 }} options={options(lecC)} />
            </Form.Item>
          </>
        ) : (
          <Form.Item name={['assessment', 's']} label="严重性 S" rules={[{ required: true, message: '请选择' }]}>
            <Select style={{ width: 110 }} options={options(lsValues)} />
          </Form.Item>
        )}
      </Space>
      <Typography.Paragraph type="secondary" data-testid="risk-score-preview">
        {score === null ? '选择各项取值后显示分值和等级。' : `分值 ${score}，等级 ${colour}`}
        {t ? `（本区阈值：≥${t.red} 红，≥${t.orange} 橙，≥${t.yellow} 黄，其余蓝）` : ''}
      </Typography.Paragraph>
    </>
  );
}

export const assessmentOf = (v: Record<string, number | string>): Assessment =>
  v.method === 'lec' ? { method: 'lec', l: Number(v.l), e: Number(v.e), c: Number(v.c) } : { method: 'ls', l: Number(v.l), s: Number(v.s) };

type Values = {
  schoolId: string;
  name: string;
  sourceCode: string;
  place?: string;
  description?: string;
  accidentTypes?: string;
  controlMeasures: string;
  controlLevel: string;
  controlPerson?: string;
  status: 'active' | 'retired';
  assessment: Record<string, number | string>;
  assessedOn: dayjs.Dayjs;
  note?: string;
};

/** Register (no `point`) or edit a risk point. */
export function RiskPointForm({ policy, point, onSaved }: { policy: RiskPolicy; point?: RiskPointDetail; onSaved: (p: RiskPointDetail) => void }) {
  const user = useCurrentUser();
  const { message } = App.useApp();
  const schools = useOrgUnits(['school']);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<Values>();
  const isDistrict = user.role === 'district_admin';
  const submit = async (v: Values) => {
    setSaving(true);
    const body = {
      name: v.name,
      sourceCode: v.sourceCode,
      place: v.place ?? '',
      description: v.description ?? '',
      accidentTypes: v.accidentTypes ?? '',
      controlMeasures: v.controlMeasures,
      controlLevel: v.controlLevel,
      controlPerson: v.controlPerson ?? '',
      status: v.status,
      assessment: assessmentOf(v.assessment),
      assessedOn: v.assessedOn.format('YYYY-MM-DD'),
      note: v.note ?? '',
    };
    try {
      const r = point
        ? await api.put<{ riskPoint: RiskPointDetail }>(`/api/risk-points/${point.id}`, { ...body, version: point.version })
        : await api.post<{ riskPoint: RiskPointDetail }>('/api/risk-points', { ...body, schoolId: v.schoolId === DISTRICT ? null : v.schoolId });
      message.success(point ? '已保存' : '已登记风险点');
      onSaved(r.riskPoint);
    } catch (e) {
      message.error(messageOf(e));
    } finally {
      setSaving(false);
    }
  };
  const schoolOptions = [
    ...(isDistrict ? [{ value: DISTRICT, label: '区级风险点（不属于某所学校）' }] : []),
    ...(schools.data ?? []).map((s) => ({ value: s.id, label: s.name })),
  ];
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={
        point
          ? { ...point, schoolId: point.schoolId ?? DISTRICT, assessment: point.assessment, assessedOn: dayjs(point.assessedOn) }
          : {
              schoolId: (schools.data ?? []).length === 1 ? schools.data?.[0]?.id : undefined,
              controlLevel: 'school',
              status: 'active',
              assessment: { method: policy.methods[0]?.code ?? 'ls' },
              assessedOn: dayjs(),
            }
      }
    >
      {!point && (
        <Form.Item name="schoolId" label="所属学校" rules={[{ required: true, message: '请选择学校' }]}>
          <Select showSearch optionFilterProp="label" options={schoolOptions} loading={schools.loading} />
        </Form.Item>
      )}
      <Form.Item name="name" label="风险点名称" rules={[{ required: true, message: '请填写风险点名称' }]}>
        <Input maxLength={60} placeholder="例如：北侧围墙外河道" />
      </Form.Item>
      <Form.Item name="sourceCode" label="风险源类别" rules={[{ required: true, message: '请选择风险源类别' }]}>
        <Select showSearch optionFilterProp="label" options={policy.sources.map((s) => ({ value: s.code, label: s.label }))} />
      </Form.Item>
      <Form.Item name="place" label="部位">
        <Input maxLength={60} />
      </Form.Item>
      <Form.Item name="description" label="风险概述">
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Form.Item name="accidentTypes" label="可能导致的事故类型">
        <Input maxLength={200} placeholder="例如：淹溺、坍塌、触电" />
      </Form.Item>
      <AssessmentFields policy={policy} />
      <Form.Item name="assessedOn" label="评估日期" rules={[{ required: true, message: '请选择评估日期' }]}>
        <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
      </Form.Item>
      <Form.Item name="controlMeasures" label="管控措施" rules={[{ required: true, message: '请填写管控措施' }]}>
        <Input.TextArea rows={3} maxLength={4000} />
      </Form.Item>
      <Space wrap>
        <Form.Item name="controlLevel" label="管控层级" rules={[{ required: true, message: '请选择管控层级' }]}>
          <Select style={{ width: 160 }} options={policy.controlLevels.map((l) => ({ value: l.code, label: l.label }))} />
        </Form.Item>
        <Form.Item name="controlPerson" label="管控责任人">
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="status" label="状态">
          <Select
            style={{ width: 120 }}
            options={[
              { value: 'active', label: '管控中' },
              { value: 'retired', label: '已消除' },
            ]}
          />
        </Form.Item>
      </Space>
      <Form.Item name="note" label="评估说明">
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={saving}>
        {point ? '保存' : '登记'}
      </Button>
    </Form>
  );
}
