import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Popconfirm, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { applyFieldErrors, messageOf } from '../../lib/errors';
import type { CaseTypes } from '../cases/casesApi';

/** The server's answer (src/server/screenings). */
type Screening = {
  id: string;
  unitId: string;
  unitName: string;
  screeningType: string;
  screeningTypeLabel: string;
  screenedOn: string;
  zeroReport: boolean;
  note: string;
  recordedByName: string;
  findings: { no: number; summary: string; caseId: string | null; caseCode: string | null }[];
};
type ScreeningList = {
  items: Screening[];
  total: number;
  page: number;
  pageSize: number;
  types: { code: string; label: string; description: string }[];
  canFile: boolean;
};
type FormValues = {
  screeningType: string;
  screenedOn: Dayjs;
  mode: 'zero' | 'findings';
  findings?: { summary: string; caseTypeCode?: string }[];
  note?: string;
};

const PAGE_SIZE = 20;
const shanghaiToday = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

/**
 * 排查报告: the unit's screenings (矛盾纠纷排查, 扫黑除恶线索排查, 社区排查 …) with what was found and
 * the cases opened, or 零报告; the form (also reached as /screenings/new?type=… from the workbench
 * and the compliance calendar) and a one-tap 零报告 per type for today.
 */
export default function ScreeningsPage() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const type = params.get('type') ?? undefined;
  const isNew = location.pathname.endsWith('/new');
  const list = useLoad(
    () => api.get<ScreeningList>('/api/screenings', { page, pageSize: PAGE_SIZE, ...(type && !isNew && { screeningType: type }) }),
    `${page}:${type}:${isNew}`,
  );
  const [zeroing, setZeroing] = useState<string | null>(null);
  const closeForm = () => navigate('/screenings', { replace: true });

  const zeroReport = async (code: string) => {
    setZeroing(code);
    try {
      await api.post('/api/screenings', { screeningType: code, screenedOn: shanghaiToday(), zeroReport: true });
      message.success('已填报零报告');
      list.reload();
    } catch (err) {
      message.error(messageOf(err));
    } finally {
      setZeroing(null);
    }
  };

  const columns: ColumnsType<Screening> = [
    { title: '排查日期', dataIndex: 'screenedOn', width: 110 },
    { title: '单位', dataIndex: 'unitName', width: 180 },
    { title: '类别', dataIndex: 'screeningTypeLabel', width: 170 },
    {
      title: '结果',
      render: (_, r) =>
        r.zeroReport ? (
          <Tag color="green">零报告（未发现）</Tag>
        ) : (
          <ol style={{ margin: 0, paddingLeft: 18 }}>
            {r.findings.map((f) => (
              <li key={f.no}>
                {f.summary}
                {f.caseId && (
                  <>
                    {' '}
                    <Link to={`/cases/${f.caseId}`}>
                      <Tag color="blue">已立案 {f.caseCode}</Tag>
                    </Link>
                  </>
                )}
              </li>
            ))}
          </ol>
        ),
    },
    { title: '备注', dataIndex: 'note', width: 160, render: (v: string) => v || '—' },
    { title: '填报人', dataIndex: 'recordedByName', width: 100 },
  ];

  const types = list.data?.types ?? [];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {list.data?.canFile && (
        <Card size="small" title="本单位填报">
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            按期排查后逐条填报发现的问题（可直接立案），未发现的也要填零报告。到期要求见工作台和合规日历。
          </Typography.Paragraph>
          <Space wrap>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/screenings/new')} data-testid="screening-new">
              填报排查报告
            </Button>
            {types.map((t) => (
              <Popconfirm
                key={t.code}
                title={`确认今天「${t.label}」未发现问题，填报零报告？`}
                onConfirm={() => zeroReport(t.code)}
                okText="填报"
                cancelText="取消"
              >
                <Button loading={zeroing === t.code}>{t.label}·零报告</Button>
              </Popconfirm>
            ))}
          </Space>
        </Card>
      )}
      <Card
        size="small"
        title="排查报告"
        extra={
          <Select
            allowClear
            placeholder="全部类别"
            style={{ width: 200 }}
            value={isNew ? undefined : type}
            onChange={(v: string | undefined) => setParams(v ? { type: v } : {}, { replace: true })}
            options={types.map((t) => ({ value: t.code, label: t.label }))}
          />
        }
      >
        {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 12 }} />}
        <Table<Screening>
          rowKey="id"
          size="small"
          loading={list.loading}
          columns={columns}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 900 }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            onChange: (p) => setParams({ ...(type && { type }), page: String(p) }, { replace: true }),
          }}
        />
      </Card>
      {isNew && list.data && (
        <ScreeningForm
          types={types}
          initialType={type}
          onClose={closeForm}
          onDone={() => {
            closeForm();
            list.reload();
          }}
        />
      )}
    </Space>
  );
}

function ScreeningForm(props: { types: ScreeningList['types']; initialType: string | undefined; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const mode = Form.useWatch('mode', form);
  const caseTypes = useLoad(() => api.get<CaseTypes>('/api/case-types'), 'case-types');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (v: FormValues) => {
    setSaving(true);
    setError(null);
    try {
      const r = await api.post<{ id: string; cases: { code: string }[] }>('/api/screenings', {
        screeningType: v.screeningType,
        screenedOn: v.screenedOn.format('YYYY-MM-DD'),
        zeroReport: v.mode === 'zero',
        findings: v.mode === 'zero' ? [] : (v.findings ?? []).map((f) => ({ summary: f.summary, ...(f.caseTypeCode && { caseTypeCode: f.caseTypeCode }) })),
        note: v.note ?? '',
      });
      message.success(r.cases.length ? `已填报，立案 ${r.cases.map((c) => c.code).join('、')}` : '已填报');
      props.onDone();
    } catch (err) {
      applyFieldErrors(form, err, ['screeningType', 'screenedOn', 'findings', 'note']);
      setError(messageOf(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title="填报排查报告" onCancel={props.onClose} onOk={() => form.submit()} okText="提交" confirmLoading={saving} destroyOnHidden width={640}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="screening-error" />}
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ screeningType: props.initialType ?? props.types[0]?.code, screenedOn: dayjs(), mode: 'zero', findings: [{ summary: '' }] }}
      >
        <Form.Item name="screeningType" label="排查类别" rules={[{ required: true, message: '请选择排查类别' }]}>
          <Select options={props.types.map((t) => ({ value: t.code, label: t.label }))} />
        </Form.Item>
        <Form.Item name="screenedOn" label="排查日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="mode" label="排查结果">
          <Radio.Group
            optionType="button"
            options={[
              { value: 'zero', label: '零报告（未发现）' },
              { value: 'findings', label: '发现问题' },
            ]}
          />
        </Form.Item>
        {mode === 'findings' && (
          <Form.List name="findings">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Space key={f.key} align="start" style={{ display: 'flex' }}>
                    <Form.Item name={[f.name, 'summary']} rules={[{ required: true, whitespace: true, message: '请写明发现的问题' }]} style={{ width: 330 }}>
                      <Input.TextArea rows={1} autoSize maxLength={500} placeholder={`问题 ${i + 1}`} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'caseTypeCode']} style={{ width: 170 }}>
                      <Select
                        allowClear
                        placeholder="不立案"
                        options={(caseTypes.data?.types ?? []).filter((t) => !t.incident).map((t) => ({ value: t.code, label: `立案：${t.label}` }))}
                      />
                    </Form.Item>
                    {fields.length > 1 && <MinusCircleOutlined style={{ marginTop: 8 }} onClick={() => remove(f.name)} />}
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ summary: '' })}>
                  再加一条
                </Button>
              </>
            )}
          </Form.List>
        )}
        <Form.Item name="note" label="备注（排查范围、方式等）" style={{ marginTop: 12 }}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
