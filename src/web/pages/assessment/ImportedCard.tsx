import { Alert, Button, Card, Modal, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { ExcelImportModal } from '../../components/ExcelImportModal';

/**
 * 外部平台数据 (issue 14): the figures the rubrics import (安全教育平台 completion rates …), each
 * source and period with its rubric items and how many units have a value; the district imports
 * an Excel sheet (every bad row listed, nothing written until the sheet is clean) and can look at
 * the values in force. A round scores them when it opens or is recomputed.
 */
type Source = { source: string; period: string; unitTypeLabel: string; items: string[]; imported: number };
type Value = { unitId: string; code: string; name: string; value: number; importedAt: string; importedByName: string };

const q = (s: Pick<Source, 'source' | 'period'>) => `source=${encodeURIComponent(s.source)}&period=${encodeURIComponent(s.period)}`;

export function ImportedCard() {
  const sources = useLoad(() => api.get<{ items: Source[] }>('/api/assessment/imported/sources'), 'imported-sources');
  const [importing, setImporting] = useState<Source | null>(null);
  const [viewing, setViewing] = useState<Source | null>(null);
  return (
    <Card size="small" title="外部平台数据导入">
      {sources.error && <Alert type="error" showIcon message={sources.error} />}
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        考核细则中按外部平台数据计分的指标（如安全教育平台完成率）在此导入；未导入数据的单位该项按 0 计。导入后请在进行中的考核里“重新计算”。
      </Typography.Paragraph>
      <Table<Source>
        rowKey={(s) => `${s.source}@${s.period}`}
        size="small"
        pagination={false}
        loading={sources.loading}
        dataSource={sources.data?.items ?? []}
        scroll={{ x: 640 }}
        columns={[
          { title: '数据来源', dataIndex: 'source' },
          { title: '期间', dataIndex: 'period' },
          { title: '使用的指标', render: (_, s) => s.items.join('；') },
          { title: '已导入', render: (_, s) => `${s.imported} 个${s.unitTypeLabel}` },
          {
            title: '操作',
            render: (_, s) => (
              <Space>
                <Button size="small" type="primary" onClick={() => setImporting(s)}>
                  导入
                </Button>
                <Button size="small" disabled={!s.imported} onClick={() => setViewing(s)}>
                  查看
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {importing && (
        <ExcelImportModal
          open
          title={`导入外部平台数据：${importing.source}（${importing.period}）`}
          templateUrl={`/api/assessment/imported/template?${q(importing)}`}
          templateName={`外部平台数据导入模板-${importing.source}-${importing.period}.xlsx`}
          importUrl={`/api/assessment/imported?${q(importing)}`}
          intro="每个单位一行：单位代码（或单位名称）和数值，完成率可写 88.5 或 88.5%；有任何错误都不会导入，并逐行列出。"
          checkedText={(r) => `共 ${r.total ?? 0} 个单位的数据`}
          doneText={(r) => `已导入 ${r.total ?? 0} 个单位的数据`}
          onClose={() => setImporting(null)}
          onImported={() => sources.reload()}
        />
      )}
      {viewing && <ValuesModal source={viewing} onClose={() => setViewing(null)} />}
    </Card>
  );
}

function ValuesModal({ source, onClose }: { source: Source; onClose: () => void }) {
  const values = useLoad(() => api.get<{ items: Value[] }>(`/api/assessment/imported?${q(source)}`), q(source));
  return (
    <Modal open title={`已导入的数据：${source.source}（${source.period}）`} width={720} footer={null} onCancel={onClose}>
      {values.error && <Alert type="error" showIcon message={values.error} />}
      <Table<Value>
        rowKey="unitId"
        size="small"
        loading={values.loading}
        dataSource={values.data?.items ?? []}
        pagination={{ pageSize: 20, size: 'small' }}
        columns={[
          { title: '单位代码', dataIndex: 'code' },
          { title: '单位名称', dataIndex: 'name' },
          { title: '数值', dataIndex: 'value' },
          { title: '导入', render: (_, v) => `${v.importedByName} ${v.importedAt.slice(0, 10)}` },
        ]}
      />
    </Modal>
  );
}
