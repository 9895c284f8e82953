import { FileExcelOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Input, InputNumber, Modal, Popconfirm, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { uploadAttachment } from '../../api/attachments';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import type { Attachment } from '../../api/types';
import { messageOf } from '../../lib/errors';
import { type Draft, type DraftCell, standingColors, when } from './reportsApi';

type Edit = Record<string, { value: number | null; note: string }>;

function ReturnButton({ id, onDone }: { id: string; onDone: () => void }) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    try {
      await api.post(`/api/reports/${id}/return`, { reason });
      message.success('已退回，填报单位会收到消息');
      setOpen(false);
      onDone();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <>
      <Button danger onClick={() => setOpen(true)}>
        退回更正
      </Button>
      <Modal title="退回报表" open={open} okText="退回" onOk={submit} onCancel={() => setOpen(false)} okButtonProps={{ danger: true }}>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} />}
        <Input.TextArea
          aria-label="退回原因"
          rows={3}
          placeholder="请写明需要更正的内容"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={500}
        />
      </Modal>
    </>
  );
}

function CellsTable({ d, edit, setEdit, editable }: { d: Draft; edit: Edit; setEdit: (e: Edit) => void; editable: boolean }) {
  const set = (c: DraftCell, patch: Partial<Edit[string]>) => setEdit({ ...edit, [c.key]: { ...(edit[c.key] ?? { value: c.value, note: c.note }), ...patch } });
  return (
    <Table<DraftCell>
      rowKey="key"
      size="small"
      pagination={false}
      dataSource={d.cells}
      columns={[
        { title: '类别', dataIndex: 'group', width: 120 },
        { title: '项目', dataIndex: 'label' },
        {
          title: '数量',
          width: 120,
          render: (_, c) =>
            editable ? (
              <InputNumber aria-label={c.label} min={0} value={edit[c.key]?.value ?? c.value} onChange={(v) => set(c, { value: v ?? null })} />
            ) : (
              (c.value ?? '—')
            ),
        },
        { title: '单位', dataIndex: 'unit', width: 60 },
        { title: '平台统计', width: 90, render: (_, c) => (d.report && !editable ? (c.submittedComputed ?? c.computed ?? '—') : (c.computed ?? '—')) },
        {
          title: '说明（与平台统计不同时必填）',
          render: (_, c) => {
            const v = edit[c.key]?.value ?? c.value;
            if (!editable) return c.note;
            // A cell the platform has no figure for is the filer's own: the note is optional.
            if (c.computed === null)
              return (
                <Input
                  aria-label={`${c.label}说明`}
                  placeholder="选填"
                  value={edit[c.key]?.note ?? c.note}
                  onChange={(e) => set(c, { note: e.target.value })}
                />
              );
            return v !== c.computed ? (
              <Input
                aria-label={`${c.label}说明`}
                status={edit[c.key]?.note || c.note ? '' : 'warning'}
                value={edit[c.key]?.note ?? c.note}
                onChange={(e) => set(c, { note: e.target.value })}
              />
            ) : null;
          },
        },
      ]}
    />
  );
}

function Children({ d }: { d: Draft }) {
  const c = d.children;
  if (!c) return null;
  return (
    <Card size="small" title={`所属学校报送情况：应报 ${c.expected} 所，已报 ${c.filed} 所，未报 ${c.missing.length} 所`} style={{ marginTop: 16 }}>
      {c.missing.length > 0 && <Alert type="warning" showIcon style={{ marginBottom: 8 }} message={`未报：${c.missing.map((m) => m.unitName).join('、')}`} />}
      <Table
        rowKey="unitId"
        size="small"
        dataSource={c.rows}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        columns={[
          {
            title: '学校',
            render: (_, r) => (
              <Link to={`/reports/draft?${new URLSearchParams({ typeCode: d.type.code, periodKey: d.period.key, unitId: r.unitId })}`}>{r.unitName}</Link>
            ),
          },
          { title: '报送情况', render: (_, r) => <Tag color={standingColors[r.standing]}>{r.standingLabel}</Tag> },
          ...d.cells
            .slice(0, 4)
            .map((cell) => ({ title: cell.label, render: (_: unknown, r: { cells: Record<string, number | null> }) => r.cells[cell.key] ?? '' })),
        ]}
      />
      <Typography.Text type="secondary">
        已报学校合计：
        {d.cells
          .filter((cell) => cell.key in c.sums)
          .map((cell) => `${cell.label} ${c.sums[cell.key]}`)
          .join('；')}
      </Typography.Text>
    </Card>
  );
}

function Versions({ d }: { d: Draft }) {
  if (!d.report) return null;
  return (
    <Card size="small" title="报送记录" style={{ marginTop: 16 }}>
      <Timeline
        items={d.report.versions.map((v) => ({
          color: v.returnReason ? 'red' : 'green',
          children: (
            <div>
              第 {v.versionNo} 版：{v.submittedByName} 于 {when(v.submittedAt)} 报送{v.zeroReport ? '（零报告）' : ''}
              {v.returnReason && (
                <div>
                  <Typography.Text type="danger">
                    {v.returnedByName} 于 {when(v.returnedAt)} 退回：{v.returnReason}
                  </Typography.Text>
                </div>
              )}
              {v.attachments.map((a) => (
                <div key={a.id}>
                  <a href={a.url} target="_blank" rel="noreferrer">
                    {a.fileName}
                  </a>
                </div>
              ))}
            </div>
          ),
        }))}
      />
    </Card>
  );
}

/** One unit's report of one period: prefilled from the platform, corrected with a note, submitted or returned. */
export default function ReportDraftPage() {
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const q = { typeCode: params.get('typeCode') ?? '', periodKey: params.get('periodKey') ?? undefined, unitId: params.get('unitId') ?? undefined };
  const draft = useLoad(() => api.get<Draft>('/api/reports/draft', q), params.toString());
  const [edit, setEdit] = useState<Edit>({});
  const [fields, setFields] = useState<Record<string, string>>({});
  const [files, setFiles] = useState<Attachment[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const d = draft.data;
  useEffect(() => {
    if (!d) return;
    setEdit({});
    setFields(Object.fromEntries(d.fields.map((f) => [f.code, f.value])));
    setFiles([]);
  }, [d]);
  if (draft.error) return <Alert type="error" showIcon message={draft.error} />;
  if (!d) return <Card loading />;
  const submit = async (zeroReport: boolean) => {
    setSaving(true);
    setError(null);
    try {
      const cells = zeroReport ? [] : cellsNow();
      await api.post('/api/reports', {
        typeCode: d.type.code,
        periodKey: d.period.key,
        unitId: d.unit.id,
        zeroReport,
        cells,
        fields: zeroReport ? {} : fields,
        attachmentIds: files.map((f) => f.id),
      });
      message.success(zeroReport ? '已零报告' : '已报送');
      draft.reload();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setSaving(false);
    }
  };
  const cellsNow = () => d.cells.map((c) => ({ key: c.key, value: edit[c.key]?.value ?? c.value, note: edit[c.key]?.note ?? c.note }));
  const saveDraft = async () => {
    setSaving(true);
    setError(null);
    try {
      await api.put('/api/reports/draft', {
        typeCode: d.type.code,
        periodKey: d.period.key,
        unitId: d.unit.id,
        version: d.savedDraft?.version ?? null,
        zeroReport: false,
        cells: cellsNow(),
        fields,
      });
      message.success('草稿已保存，下次打开可接着填写');
      draft.reload();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setSaving(false);
    }
  };
  const discardDraft = async () => {
    try {
      await api.del(`/api/reports/draft?${new URLSearchParams({ typeCode: d.type.code, periodKey: d.period.key, unitId: d.unit.id })}`);
      message.success('草稿已删除');
      draft.reload();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const addFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      setFiles([...files, await uploadAttachment(file, 'report', d.unit.kind === 'school' ? d.unit.id : undefined)]);
    } catch (e) {
      message.error(messageOf(e));
    }
  };
  const editable = d.canSubmit;
  const exportQ = new URLSearchParams({ typeCode: d.type.code, periodKey: d.period.key, unitId: d.unit.id });
  return (
    <div>
      <Typography.Title level={3}>{d.type.label}</Typography.Title>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label="填报单位">{d.unit.name}</Descriptions.Item>
        <Descriptions.Item label="报送周期">
          {d.period.label}（{d.period.start} 至 {d.period.end}）
        </Descriptions.Item>
        <Descriptions.Item label="截止">
          {d.dueOn} <Tag color={standingColors[d.standing]}>{d.standingLabel}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label="截止规则">{d.type.dueRule}</Descriptions.Item>
        <Descriptions.Item label="报送对象">{d.type.toLabel || '上级单位'}</Descriptions.Item>
        <Descriptions.Item label="状态">{d.report ? `${d.report.stateLabel}（第 ${d.report.versionNo} 版）` : '未报送'}</Descriptions.Item>
      </Descriptions>
      {d.report?.state === 'returned' && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={`已退回：${d.report.returnReason}`}
          description="请更正后重新报送，原报送版本会保留。"
        />
      )}
      {editable && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message="统计数字已由平台数据预填；如与实际不符可修改，并写明原因（平台统计会一并保留）。未填完可先保存草稿。"
        />
      )}
      {editable && d.savedDraft && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="saved-draft"
          message={`已载入保存的草稿：${d.savedDraft.savedByName} 于 ${when(d.savedDraft.savedAt)} 保存（第 ${d.savedDraft.version} 次）`}
          description="平台统计列为当前最新数字；报送时以当前平台统计为准，改动的数字须写明原因。"
        />
      )}
      <Card size="small" title="统计表">
        <CellsTable d={d} edit={edit} setEdit={setEdit} editable={editable} />
      </Card>
      <Card size="small" title="文字情况" style={{ marginTop: 16 }}>
        {d.fields.map((f) => (
          <div key={f.code} style={{ marginBottom: 12 }}>
            <Typography.Text strong>
              {f.required && <span style={{ color: '#ff4d4f' }}>* </span>}
              {f.label}
            </Typography.Text>
            {editable ? (
              <Input.TextArea
                aria-label={f.label}
                rows={3}
                maxLength={f.maxLength}
                value={fields[f.code] ?? ''}
                onChange={(e) => setFields({ ...fields, [f.code]: e.target.value })}
              />
            ) : (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{f.value || '（未填写）'}</Typography.Paragraph>
            )}
          </div>
        ))}
        {editable && d.type.allowAttachments && (
          <div>
            <Typography.Text strong>附件</Typography.Text>{' '}
            <input type="file" accept="image/*,application/pdf" aria-label="上传附件" onChange={(e) => void addFile(e.target.files?.[0])} />
            {files.map((f) => (
              <div key={f.id}>{f.fileName}</div>
            ))}
          </div>
        )}
      </Card>
      {error && <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} />}
      <Space wrap style={{ marginTop: 16 }}>
        {editable && (
          <Button type="primary" loading={saving} onClick={() => void submit(false)}>
            {d.report?.state === 'returned' ? '重新报送' : '报送'}
          </Button>
        )}
        {editable && (
          <Button loading={saving} onClick={() => void saveDraft()}>
            保存草稿
          </Button>
        )}
        {editable && d.savedDraft && (
          <Popconfirm title="删除草稿后恢复平台预填的数字，确认删除？" okText="删除" onConfirm={() => void discardDraft()}>
            <Button danger type="text">
              删除草稿
            </Button>
          </Popconfirm>
        )}
        {editable && d.type.zeroReport && (
          <Popconfirm title="本期无特殊情况，确认零报告？" okText="零报告" onConfirm={() => void submit(true)}>
            <Button loading={saving}>零报告</Button>
          </Popconfirm>
        )}
        {d.canReturn && d.report && <ReturnButton id={d.report.id} onDone={draft.reload} />}
        <Button icon={<FileExcelOutlined />} onClick={() => void api.download('/api/reports/export', Object.fromEntries(exportQ), '报表.xlsx')}>
          导出 Excel
        </Button>
        <Button icon={<PrinterOutlined />} onClick={() => window.open(`/api/reports/pdf?${exportQ}`, '_blank', 'noopener')}>
          打印（A4）
        </Button>
        <Link to="/reports">返回报表报送</Link>
      </Space>
      <Children d={d} />
      <Versions d={d} />
    </div>
  );
}
