import { DatePicker, Form, Input, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { AttachmentPurpose } from '../../../domain/file-types';
import { hazardLevelLabels, hazardLevels } from '../../../domain/hazard';
import type { HazardAction } from '../../../domain/hazard-workflow';
import { useHazardVocab } from '../../api/hooks';
import type { Attachment, Hazard, OrgUnit } from '../../api/types';
import { PhotoUpload } from '../../components/PhotoUpload';

export type ActionValues = Record<string, unknown>;

type FieldProps = { action: HazardAction; hazard: Hazard; isSchool: boolean; departments: OrgUnit[] };

const area = (name: string, label: string, placeholder = '', required = true) => (
  <Form.Item key={name} name={name} label={label} required={required}>
    <Input.TextArea rows={3} maxLength={2000} placeholder={placeholder} />
  </Form.Item>
);
const text = (name: string, label: string, placeholder = '', max = 40) => (
  <Form.Item key={name} name={name} label={label} required>
    <Input maxLength={max} placeholder={placeholder} />
  </Form.Item>
);
const notBefore = (day: string) => (d: Dayjs) => d.format('YYYY-MM-DD') < day;
const date = (name: string, label: string, after: string, extra?: string) => (
  <Form.Item key={name} name={name} label={label} required extra={extra}>
    <DatePicker style={{ width: '100%' }} disabledDate={notBefore(after)} inputReadOnly />
  </Form.Item>
);
const photos = (purpose: AttachmentPurpose, hazard: Hazard, label: string, required = false) => (
  <Form.Item key="photos" name="photos" label={label} required={required}>
    <PhotoUpload purpose={purpose} schoolId={hazard.schoolId} />
  </Form.Item>
);
const today = () => dayjs().format('YYYY-MM-DD');
const dayAfter = (d: string | null) => (d ? dayjs(d).add(1, 'day').format('YYYY-MM-DD') : today());

/** The inputs of one action, matching its zod schema in domain/hazard-inputs.ts. */
export function ActionFields({ action, hazard: h, isSchool, departments }: FieldProps) {
  const vocab = useHazardVocab();
  switch (action) {
    case 'assess': {
      const places = vocab.places.includes(h.place) ? vocab.places : [h.place, ...vocab.places];
      return (
        <>
          <Form.Item name="level" label="等级" required extra={isSchool ? '重大隐患由教管中心、责任督学或区教委研判认定' : undefined}>
            <Radio.Group options={hazardLevels.map((l) => ({ value: l, label: hazardLevelLabels[l], disabled: isSchool && l === 'major' }))} />
          </Form.Item>
          <Form.Item name="category" label="类别" required>
            <Select options={vocab.categories.map((c) => ({ value: c.code, label: c.label }))} />
          </Form.Item>
          <Form.Item name="place" label="部位">
            <Select options={places.map((p) => ({ value: p, label: p }))} />
          </Form.Item>
          {area('note', '研判意见', '', false)}
        </>
      );
    }
    case 'plan':
      return (
        <>
          {area('measures', '整改措施', '具体做什么、怎么做')}
          {text('responsiblePerson', '责任人', '姓名及职务')}
          {text('funds', '整改资金', '如：学校公用经费 2000 元', 100)}
          {date('deadline', '整改期限', today())}
          {area('contingencyPlan', '应急预案', '整改完成前发生险情如何处置')}
          {area('interimControl', '临时管控措施', '如：设置警示标志、专人值守', h.level === 'major')}
        </>
      );
    case 'submit':
      return (
        <>
          {area('explanation', '整改情况说明', '做了什么、何时完成')}
          {photos('rectification', h, '整改后照片', true)}
        </>
      );
    case 'verify_pass':
      return (
        <>
          {area('note', '验收意见', '如：现场核查，已整改到位')}
          {photos('verification', h, '验收照片')}
        </>
      );
    case 'verify_fail':
      return (
        <>
          {area('reason', '不通过原因', '哪里没有整改到位，还需做什么')}
          {photos('verification', h, '现场照片')}
        </>
      );
    case 'hand_over':
      return (
        <>
          <Form.Item name="unitId" label="交办部门" required>
            <Select showSearch={{ optionFilterProp: 'label' }} placeholder="选择部门" options={departments.map((d) => ({ value: d.id, label: d.name }))} />
          </Form.Item>
          {date('deadline', '交办期限', today())}
          {area('note', '交办说明', '', false)}
        </>
      );
    case 'request_extension':
      return (
        <>
          {date('requestedDeadline', '申请延至', dayAfter(h.deadline), h.deadline ? `现期限 ${h.deadline}` : undefined)}
          {area('reason', '延期理由')}
        </>
      );
    case 'decide_extension':
      return (
        <>
          <Form.Item label="申请">{h.extension ? `由 ${h.deadline ?? '—'} 延至 ${h.extension.requestedDeadline}：${h.extension.reason}` : '—'}</Form.Item>
          <Form.Item name="approve" label="审批" required>
            <Radio.Group
              options={[
                { value: true, label: '同意' },
                { value: false, label: '不同意' },
              ]}
            />
          </Form.Item>
          {area('note', '审批意见', '', false)}
        </>
      );
    case 'list_supervision':
      return area('note', '督办要求', '如：限期整改，每周报告进展', false);
    case 'reopen':
      return (
        <>
          {area('reason', '复发情况')}
          {photos('hazard_found', h, '现场照片')}
        </>
      );
  }
}

/** What the form starts with: the current plan when it is revised, the current category … */
export function initialValuesOf(action: HazardAction, h: Hazard, deadlineDays?: { general: number; major: number }): ActionValues {
  switch (action) {
    case 'assess':
      return { level: h.level ?? 'general', category: h.category, place: h.place, note: '' };
    case 'plan': {
      // A first plan starts from the district's default time limit for the level (policy pack).
      const days = deadlineDays?.[h.level ?? 'general'];
      const proposed = h.deadline ? dayjs(h.deadline) : days ? dayjs().add(days, 'day') : null;
      return { ...h.plan, interimControl: h.interimControl, deadline: proposed };
    }
    default:
      return { photos: [] };
  }
}

const dateKeys = new Set(['deadline', 'requestedDeadline']);

/** Form values as the API body: days as YYYY-MM-DD, photos as their ids, blanks as ''. */
export function toBody(values: ActionValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(values)) {
    if (key === 'photos') body.attachmentIds = ((v as Attachment[] | undefined) ?? []).map((a) => a.id);
    else if (dateKeys.has(key)) body[key] = dayjs.isDayjs(v) ? v.format('YYYY-MM-DD') : undefined;
    // An untouched text field is undefined; '' lets the schema answer with its own 「请填写…」.
    else body[key] = v ?? '';
  }
  return body;
}
