import { InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, Space, Table, Typography, Upload } from 'antd';
import { type ReactNode, useState } from 'react';
import { ApiError, api, type ErrorDetail } from '../api/client';
import { messageOf } from '../lib/errors';

/** What an import answers; each import counts its own things, so every figure is optional. */
export type ImportSummary = { total?: number; created?: number; updated?: number; schools?: number; dryRun?: boolean };

type Props = {
  open: boolean;
  title: string;
  /** GET: the template workbook. */
  templateUrl: string;
  templateName: string;
  /** POST with the raw .xlsx body; `?dryRun=true` checks only. */
  importUrl: string;
  intro: ReactNode;
  /** What a clean dry run found, and the toast after the real import. */
  checkedText: (r: ImportSummary) => string;
  doneText: (r: ImportSummary) => string;
  onClose: () => void;
  onImported: () => void;
};

type Outcome = { kind: 'checked'; result: ImportSummary } | { kind: 'rejected'; message: string; rows: ErrorDetail[] } | { kind: 'failed'; message: string };

/**
 * The two-step Excel import (as for schools): a dry run lists every bad row so the office fixes
 * the sheet once, and only a clean dry run unlocks the real import.
 */
export function ExcelImportModal({ open, title, templateUrl, templateName, importUrl, intro, checkedText, doneText, onClose, onImported }: Props) {
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);

  const reset = () => {
    setFile(null);
    setOutcome(null);
  };

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(dryRun ? 'check' : 'import');
    try {
      const result = await api.upload<ImportSummary>(`${importUrl}${importUrl.includes('?') ? '&' : '?'}dryRun=${dryRun}`, file);
      if (dryRun) setOutcome({ kind: 'checked', result });
      else {
        message.success(doneText(result));
        onImported();
        reset();
        onClose();
      }
    } catch (err) {
      if (err instanceof ApiError && err.details.length > 0) setOutcome({ kind: 'rejected', message: err.message, rows: err.details });
      else setOutcome({ kind: 'failed', message: messageOf(err) });
    } finally {
      setBusy(null);
    }
  };

  const template = () => api.download(templateUrl, {}, templateName).catch((err: unknown) => message.error(messageOf(err)));

  return (
    <Modal
      title={title}
      open={open}
      width={720}
      onCancel={() => {
        reset();
        onClose();
      }}
      footer={
        <Space wrap>
          <Button disabled={!file} loading={busy === 'check'} onClick={() => run(true)}>
            仅校验
          </Button>
          <Button type="primary" disabled={outcome?.kind !== 'checked'} loading={busy === 'import'} onClick={() => run(false)}>
            确认导入
          </Button>
        </Space>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph style={{ marginBottom: 0 }}>
          请使用
          <Button type="link" onClick={template} style={{ padding: '0 4px' }}>
            导入模板
          </Button>
          填写。{intro}先“仅校验”，无误后再“确认导入”。
        </Typography.Paragraph>
        <Upload.Dragger
          accept=".xlsx"
          maxCount={1}
          fileList={file ? [{ uid: 'f', name: file.name, status: 'done' }] : []}
          beforeUpload={(f) => {
            setFile(f);
            setOutcome(null);
            return false; // kept here; sent by 仅校验 / 确认导入 as the raw body
          }}
          onRemove={() => reset()}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">点击或拖入 Excel 文件（.xlsx）</p>
        </Upload.Dragger>
        <OutcomeView outcome={outcome} checkedText={checkedText} />
      </Space>
    </Modal>
  );
}

function OutcomeView({ outcome, checkedText }: { outcome: Outcome | null; checkedText: (r: ImportSummary) => string }) {
  if (!outcome) return null;
  if (outcome.kind === 'failed') return <Alert type="error" showIcon title={outcome.message} />;
  if (outcome.kind === 'checked') {
    return <Alert type="success" showIcon title={`校验通过：${checkedText(outcome.result)}。点击“确认导入”写入。`} />;
  }
  return (
    <>
      <Alert type="error" showIcon title={outcome.message} />
      <Table<ErrorDetail & { key: number }>
        size="small"
        dataSource={outcome.rows.map((d, i) => ({ ...d, key: i }))}
        pagination={outcome.rows.length > 10 ? { pageSize: 10, size: 'small' } : false}
        scroll={{ x: 480 }}
        columns={[
          { title: '行号', dataIndex: 'row', width: 70, render: (v?: number) => v ?? '—' },
          { title: '列', dataIndex: 'column', width: 140, render: (v?: string) => v ?? '—' },
          { title: '原因', dataIndex: 'message' },
        ]}
      />
    </>
  );
}
