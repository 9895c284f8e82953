import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Collapse, DatePicker, Form, Input, Modal, Radio, Row, Select, Space, Tag, Typography, Upload } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { uploadAttachment } from '../../api/attachments';
import { api } from '../../api/client';
import { useLoad, useOrgUnits } from '../../api/hooks';
import { CountStrip } from '../../components/CountStrip';
import { messageOf } from '../../lib/errors';
import { useIsMobile } from '../../lib/useIsMobile';
import { type DocumentList, type DocumentVersion, groupLabels, reviewColors, type SchoolDocument } from './lettersApi';

const stateOptions = [
  { value: 'pending', label: '待审核' },
  { value: 'approved', label: '审核通过' },
  { value: 'returned', label: '退回修改' },
];

/** 学校安全制度、应急预案和应急处置流程图: versions, periodic revision and the supervising unit's review. */
export default function DocumentsPage() {
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const schools = useOrgUnits(['school']);
  const ownSchool = schools.data?.length === 1 ? schools.data[0]?.id : undefined;
  const schoolId = params.get('schoolId') || ownSchool || '';
  const type = params.get('type') ?? '';
  const reviewState = params.get('reviewState') ?? '';
  const update = (patch: Record<string, string>) => setParams({ ...Object.fromEntries(params), ...patch });
  const list = useLoad(
    () =>
      api.get<DocumentList>('/api/school-documents', {
        schoolId: schoolId || undefined,
        type: type || undefined,
        reviewState: reviewState || undefined,
        pageSize: 200,
      }),
    `${schoolId}-${type}-${reviewState}`,
  );
  const [adding, setAdding] = useState<{ doc: SchoolDocument | null } | null>(null);
  const [reviewing, setReviewing] = useState<{ doc: SchoolDocument; version: DocumentVersion } | null>(null);
  const [exporting, setExporting] = useState(false);
  const { message } = App.useApp();
  const c = list.data?.counts;
  // 制度和预案台账: the list's own filters.
  const exportExcel = async () => {
    setExporting(true);
    try {
      await api.download(
        '/api/school-documents/export',
        { schoolId: schoolId || undefined, type: type || undefined, reviewState: reviewState || undefined },
        '制度和预案台账.xlsx',
      );
    } catch (err) {
      message.error(messageOf(err));
    } finally {
      setExporting(false);
    }
  };

  return (
    <Card title="学校安全制度和应急预案" styles={{ body: { padding: isMobile ? 8 : 24 } }}>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <CountStrip
          testIdPrefix="document-count"
          loading={list.loading}
          items={[
            { key: 'total', title: '文件', value: c?.total },
            { key: 'pending', title: '待审核', value: c?.pending },
            { key: 'returned', title: '退回', value: c?.returned, alert: true },
            { key: 'revisionDue', title: '到期修订', value: c?.revisionDue, alert: true },
          ]}
        />
        <Row gutter={[8, 8]}>
          {(schools.data?.length ?? 0) > 1 && (
            <Col xs={24} sm={12} lg={6}>
              <Select
                style={{ width: '100%' }}
                placeholder="全部学校"
                aria-label="学校"
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                value={schoolId || undefined}
                onChange={(v: string | undefined) => update({ schoolId: v ?? '' })}
                options={(schools.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
              />
            </Col>
          )}
          <Col xs={12} sm={6} lg={5}>
            <Select
              style={{ width: '100%' }}
              placeholder="文件类型"
              aria-label="文件类型"
              allowClear
              value={type || undefined}
              onChange={(v: string | undefined) => update({ type: v ?? '' })}
              options={(list.data?.types ?? []).map((t) => ({ value: t.code, label: t.label }))}
            />
          </Col>
          <Col xs={12} sm={6} lg={4}>
            <Select
              style={{ width: '100%' }}
              placeholder="审核状态"
              aria-label="审核状态"
              allowClear
              value={reviewState || undefined}
              onChange={(v: string | undefined) => update({ reviewState: v ?? '' })}
              options={stateOptions}
            />
          </Col>
          <Col xs={24} sm={6} lg={4}>
            <Button icon={<DownloadOutlined />} block loading={exporting} onClick={exportExcel}>
              导出台账
            </Button>
          </Col>
          {list.data?.canCreate && (
            <Col xs={24} sm={6} lg={4}>
              <Button type="primary" icon={<PlusOutlined />} block onClick={() => setAdding({ doc: null })}>
                上传文件
              </Button>
            </Col>
          )}
        </Row>
        {list.error && <Alert type="error" showIcon title={list.error} />}
        {list.data && list.data.items.length === 0 && <Typography.Text type="secondary">暂无文件</Typography.Text>}
        <Collapse
          items={(list.data?.items ?? []).map((d) => ({
            key: d.id,
            label: (
              <Space size={4} wrap data-testid="document-row">
                <Typography.Text strong>{d.title}</Typography.Text>
                <Tag>{groupLabels[d.group]}</Tag>
                {d.latest && <Tag color={reviewColors[d.latest.reviewState]}>{d.latest.reviewStateLabel}</Tag>}
                {d.revisionDue && <Tag color="red">到期修订</Tag>}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {schoolId ? '' : `${d.schoolName} · `}
                  {d.typeLabel} · 第 {d.latest?.versionNo ?? 0} 版 {d.latest?.versionDate ?? ''}
                </Typography.Text>
              </Space>
            ),
            children: (
              <Space orientation="vertical" size={8} style={{ width: '100%' }}>
                {d.versions.map((v) => (
                  <div key={v.id} style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 6 }}>
                    <Space size={4} wrap>
                      <Typography.Text>第 {v.versionNo} 版</Typography.Text>
                      <Typography.Text type="secondary">{v.versionDate}</Typography.Text>
                      <Tag color={reviewColors[v.reviewState]}>{v.reviewStateLabel}</Tag>
                      <a href={v.attachmentUrl} target="_blank" rel="noreferrer">
                        查看文件
                      </a>
                    </Space>
                    {v.summary && <div style={{ fontSize: 12 }}>修订说明：{v.summary}</div>}
                    {v.reviewerName && (
                      <div style={{ fontSize: 12 }}>
                        审核：{v.reviewerUnitName} {v.reviewerName}
                        {v.reviewRemarks ? `：${v.reviewRemarks}` : ''}
                      </div>
                    )}
                  </div>
                ))}
                <Space wrap>
                  {d.canAddVersion && (
                    <Button size="small" icon={<UploadOutlined />} onClick={() => setAdding({ doc: d })}>
                      上传新版本
                    </Button>
                  )}
                  {d.canReview && d.latest && (
                    <Button size="small" type="primary" onClick={() => setReviewing({ doc: d, version: d.latest as DocumentVersion })}>
                      审核
                    </Button>
                  )}
                </Space>
              </Space>
            ),
          }))}
        />
      </Space>
      <VersionModal
        open={!!adding}
        doc={adding?.doc ?? null}
        schoolId={adding?.doc?.schoolId ?? schoolId}
        types={list.data?.types ?? []}
        onClose={() => setAdding(null)}
        onSaved={() => {
          setAdding(null);
          list.reload();
        }}
      />
      <ReviewModal
        target={reviewing}
        onClose={() => setReviewing(null)}
        onSaved={() => {
          setReviewing(null);
          list.reload();
        }}
      />
    </Card>
  );
}

type VersionForm = { typeCode?: string; title?: string; versionDate: dayjs.Dayjs; summary?: string };

function VersionModal(props: {
  open: boolean;
  doc: SchoolDocument | null;
  schoolId: string;
  types: DocumentList['types'];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<VersionForm>();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    const v = await form.validateFields();
    if (!file) {
      message.warning('请选择文件（PDF 或照片）');
      return;
    }
    setBusy(true);
    try {
      const att = await uploadAttachment(file, 'school_document', props.schoolId);
      await api.post('/api/school-documents/versions', {
        schoolId: props.schoolId,
        ...(props.doc ? { documentId: props.doc.id } : { typeCode: v.typeCode, title: v.title }),
        versionDate: v.versionDate.format('YYYY-MM-DD'),
        summary: v.summary ?? '',
        attachmentId: att.id,
      });
      message.success('文件已上传');
      form.resetFields();
      setFile(null);
      props.onSaved();
    } catch (err) {
      message.error(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={props.open}
      title={props.doc ? `上传新版本：${props.doc.title}` : '上传学校安全文件'}
      onCancel={props.onClose}
      onOk={save}
      okText="上传"
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ versionDate: dayjs() }} preserve={false}>
        {!props.doc && (
          <>
            <Form.Item name="typeCode" label="文件类型" rules={[{ required: true, message: '请选择文件类型' }]}>
              <Select options={props.types.map((t) => ({ value: t.code, label: `${groupLabels[t.group]} · ${t.label}` }))} />
            </Form.Item>
            <Form.Item name="title" label="文件名称" rules={[{ required: true, message: '请填写文件名称' }]}>
              <Input maxLength={100} />
            </Form.Item>
          </>
        )}
        <Form.Item name="versionDate" label="版本日期" rules={[{ required: true, message: '请选择版本日期' }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="summary" label="修订说明">
          <Input.TextArea maxLength={2000} rows={3} />
        </Form.Item>
        <Upload
          accept="image/*,application/pdf"
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f);
            return false;
          }}
          onRemove={() => setFile(null)}
        >
          <Button icon={<UploadOutlined />}>选择文件（PDF 或照片）</Button>
        </Upload>
      </Form>
    </Modal>
  );
}

function ReviewModal(props: { target: { doc: SchoolDocument; version: DocumentVersion } | null; onClose: () => void; onSaved: () => void }) {
  const { message } = App.useApp();
  const [decision, setDecision] = useState<'approved' | 'returned'>('approved');
  const [remarks, setRemarks] = useState('');
  const [busy, setBusy] = useState(false);
  const save = async () => {
    if (!props.target) return;
    setBusy(true);
    try {
      await api.post(`/api/school-documents/versions/${props.target.version.id}/review`, { decision, remarks });
      message.success('审核意见已保存');
      setRemarks('');
      props.onSaved();
    } catch (err) {
      message.error(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={!!props.target}
      title={props.target ? `审核：${props.target.doc.title} 第 ${props.target.version.versionNo} 版` : ''}
      onCancel={props.onClose}
      onOk={save}
      okText="提交审核意见"
      confirmLoading={busy}
      destroyOnHidden
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Radio.Group value={decision} onChange={(e) => setDecision(e.target.value)}>
          <Radio.Button value="approved">审核通过</Radio.Button>
          <Radio.Button value="returned">退回修改</Radio.Button>
        </Radio.Group>
        <Input.TextArea
          aria-label="审核意见"
          placeholder={decision === 'returned' ? '请写明需要修改的内容' : '审核意见（可选）'}
          value={remarks}
          maxLength={2000}
          rows={3}
          onChange={(e) => setRemarks(e.target.value)}
        />
      </Space>
    </Modal>
  );
}
