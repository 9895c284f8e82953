import { Col, Divider, Form, type FormInstance, Input, InputNumber, Row, Select } from 'antd';
import { ownershipLabels, ownerships, schoolTypeLabels, schoolTypes } from '../../../domain/school';
import type { OrgUnit, School } from '../../api/types';
import { ClassCountsInput } from './ClassCountsInput';
import { SchoolGatesInput } from './SchoolGatesInput';

/** The editable fields of a school profile, in the order the API and the form share. */
export const schoolFormFields = [
  'name',
  'code',
  'parentId',
  'schoolType',
  'ownership',
  'enrollment',
  'boardingStudents',
  'staffCount',
  'gateCount',
  'busCount',
  'classCounts',
  'address',
  'longitude',
  'latitude',
  'principalName',
  'principalPhone',
  'safetyOfficerName',
  'safetyOfficerPhone',
  'phone',
  'gates',
] as const satisfies readonly (keyof School)[];

export type SchoolFormValues = Pick<School, (typeof schoolFormFields)[number]>;

export const emptySchool: SchoolFormValues = {
  name: '',
  code: '',
  parentId: '',
  schoolType: 'primary',
  ownership: 'public',
  enrollment: 0,
  boardingStudents: 0,
  staffCount: 0,
  gateCount: 1,
  busCount: 0,
  classCounts: [],
  address: '',
  longitude: null,
  latitude: null,
  principalName: '',
  principalPhone: '',
  safetyOfficerName: '',
  safetyOfficerPhone: '',
  phone: '',
  gates: [],
};

type Props = {
  form: FormInstance<SchoolFormValues>;
  initial: SchoolFormValues;
  areas: OrgUnit[];
  /** Name, code, place in the tree, type and ownership: only the district may change them. */
  identityEditable: boolean;
  readOnly: boolean;
  /** The gates section: an existing school's (a new school gets its gates after it is created). */
  withGates?: boolean;
};

const half = { xs: 24, md: 12 };
// One column on a phone: side-by-side inputs at 375 px leave no room for a Chinese label.
const third = { xs: 24, sm: 12, md: 6 };
const phoneRule = { pattern: /^[0-9+\-()\s转]*$/, message: '电话只能包含数字、+、-、括号和空格' };
const count = (label: string) => ({ required: true, message: `请填写${label}` });

export function SchoolForm({ form, initial, areas, identityEditable, readOnly, withGates = false }: Props) {
  const idLocked = readOnly || !identityEditable;
  const schoolType = Form.useWatch('schoolType', form) ?? initial.schoolType;
  return (
    <Form<SchoolFormValues> form={form} layout="vertical" initialValues={initial} disabled={readOnly} scrollToFirstError>
      <Row gutter={16}>
        <Col {...half}>
          <Form.Item name="name" label="学校名称" rules={[{ required: true, message: '请填写学校名称' }]}>
            <Input disabled={idLocked} maxLength={60} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="code" label="学校代码" rules={[{ required: true, message: '请填写学校代码' }]}>
            <Input disabled={idLocked} maxLength={32} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="parentId" label="所属街道/中心" rules={[{ required: true, message: '请选择所属街道/中心' }]}>
            <Select disabled={idLocked} showSearch={{ optionFilterProp: 'label' }} options={areas.map((a) => ({ value: a.id, label: a.name }))} />
          </Form.Item>
        </Col>
        <Col {...third}>
          <Form.Item name="schoolType" label="学校类型" rules={[{ required: true }]}>
            <Select disabled={idLocked} options={schoolTypes.map((t) => ({ value: t, label: schoolTypeLabels[t] }))} />
          </Form.Item>
        </Col>
        <Col {...third}>
          <Form.Item name="ownership" label="办学性质" rules={[{ required: true }]}>
            <Select disabled={idLocked} options={ownerships.map((o) => ({ value: o, label: ownershipLabels[o] }))} />
          </Form.Item>
        </Col>
      </Row>
      <Divider titlePlacement="start" plain>
        规模
      </Divider>
      <Row gutter={16}>
        <Col {...third}>
          <Form.Item name="enrollment" label="在校学生数" rules={[count('在校学生数')]}>
            <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col {...third}>
          <Form.Item
            name="boardingStudents"
            label="住校学生数"
            dependencies={['enrollment']}
            rules={[
              count('住校学生数'),
              ({ getFieldValue }) => ({
                validator: (_, v: number | null) =>
                  v === null || v === undefined || v <= (getFieldValue('enrollment') ?? 0)
                    ? Promise.resolve()
                    : Promise.reject(new Error('住校学生数不能超过在校学生数')),
              }),
            ]}
          >
            <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col {...third}>
          <Form.Item name="staffCount" label="教职工数" rules={[count('教职工数')]}>
            <InputNumber min={0} max={20000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col {...third}>
          <Form.Item name="gateCount" label="校门数" rules={[count('校门数')]}>
            <InputNumber min={0} max={50} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col {...third}>
          <Form.Item name="busCount" label="校车数" tooltip="有校车的学校适用校车应急疏散演练等义务" rules={[count('校车数')]}>
            <InputNumber min={0} max={500} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="classCounts" label="各年级班级数">
            <ClassCountsInput schoolType={schoolType} disabled={readOnly} />
          </Form.Item>
        </Col>
      </Row>
      <Divider titlePlacement="start" plain>
        位置与联系人
      </Divider>
      <Row gutter={16}>
        <Col xs={24}>
          <Form.Item name="address" label="地址">
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col {...third}>
          {/* Range checked by a rule, not min/max: InputNumber would silently clamp a mistyped 200 to 136. */}
          <Form.Item name="longitude" label="经度" rules={[{ type: 'number', min: 73, max: 136, message: '经度超出中国范围（73–136）' }]}>
            <InputNumber controls={false} style={{ width: '100%' }} placeholder="如 106.55" />
          </Form.Item>
        </Col>
        <Col {...third}>
          <Form.Item name="latitude" label="纬度" rules={[{ type: 'number', min: 3, max: 54, message: '纬度超出中国范围（3–54）' }]}>
            <InputNumber controls={false} style={{ width: '100%' }} placeholder="如 29.56" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="phone" label="学校电话" rules={[phoneRule]}>
            <Input maxLength={40} inputMode="tel" />
          </Form.Item>
        </Col>
        <Col {...third}>
          <Form.Item name="principalName" label="校长/园长">
            <Input maxLength={40} />
          </Form.Item>
        </Col>
        <Col {...third}>
          <Form.Item name="principalPhone" label="校长电话" rules={[phoneRule]}>
            <Input maxLength={40} inputMode="tel" />
          </Form.Item>
        </Col>
        <Col {...third}>
          <Form.Item name="safetyOfficerName" label="安全干部">
            <Input maxLength={40} />
          </Form.Item>
        </Col>
        <Col {...third}>
          <Form.Item name="safetyOfficerPhone" label="安全干部电话" rules={[phoneRule]}>
            <Input maxLength={40} inputMode="tel" />
          </Form.Item>
        </Col>
      </Row>
      {withGates && (
        <>
          <Divider titlePlacement="start" plain>
            校门
          </Divider>
          <SchoolGatesInput form={form} disabled={readOnly} />
        </>
      )}
    </Form>
  );
}
