import { DownloadOutlined, FileTextOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Space, Table, Tabs } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useLoad, useOrgUnits } from '../../api/hooks';
import type { Hazard, HazardList } from '../../api/types';
import { useCurrentUser } from '../../auth/AuthContext';
import { ExcelImportModal } from '../../components/ExcelImportModal';
import { messageOf } from '../../lib/errors';
import { useIsMobile } from '../../lib/useIsMobile';
import { IssueNoticeModal } from '../notices/IssueNoticeModal';
import { canIssueNotice } from '../notices/noticeRoles';
import { HazardCounts } from './HazardCounts';
import { HazardFilters } from './HazardFilters';
import { ledgerColumns } from './hazardColumns';
import { apiFilters, type HazardQuery, type Ledger, PAGE_SIZE, readQuery, writeQuery } from './hazardQuery';

const canImport = (role: string) => role === 'district_admin' || role === 'centre_officer';

export default function HazardsPage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const [searchParams, setSearchParams] = useSearchParams();
  const query = readQuery(searchParams);
  const [importOpen, setImportOpen] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [selected, setSelected] = useState<Hazard[]>([]);
  const [noticeOpen, setNoticeOpen] = useState(false);
  const areas = useOrgUnits(['township', 'centre']);
  const schools = useOrgUnits(['school']);
  const issuer = canIssueNotice(user.role);

  // The ledger tab only changes the columns: the rows and the counts are the same query.
  const listKey = writeQuery({ ...query, ledger: 'hazards' }).toString();
  const list = useLoad(() => api.get<HazardList>('/api/hazards', { page: query.page, pageSize: PAGE_SIZE, ...apiFilters(query) }), listKey);
  const update = (patch: Partial<HazardQuery>) => setSearchParams(writeQuery({ ...query, ...patch }));

  const exportExcel = async () => {
    setExporting(true);
    try {
      const name = query.ledger === 'measures' ? '整改措施清单.xlsx' : '问题隐患清单.xlsx';
      await api.download('/api/hazards/export', { ledger: query.ledger, ...apiFilters(query) }, name);
    } catch (err) {
      message.error(messageOf(err));
    } finally {
      setExporting(false);
    }
  };

  const actions = (
    <Space wrap>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/hazards/new')}>
        登记隐患
      </Button>
      {issuer && (
        <Button icon={<FileTextOutlined />} disabled={selected.length === 0} onClick={() => setNoticeOpen(true)}>
          下达整改通知书{selected.length > 0 ? `（${selected.length}）` : ''}
        </Button>
      )}
      <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportExcel}>
        导出 Excel
      </Button>
      {canImport(user.role) && (
        <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)}>
          导入
        </Button>
      )}
    </Space>
  );

  // A notice goes to one school: once a hazard is ticked, other schools' rows are locked.
  const noticeSchool = selected[0]?.schoolId;
  const rowSelection = issuer
    ? {
        selectedRowKeys: selected.map((h) => h.id),
        preserveSelectedRowKeys: true,
        // Rows ticked on another page come back as undefined: keep the ones already known.
        onChange: (keys: React.Key[], rows: (Hazard | undefined)[]) =>
          setSelected((prev) => keys.map((k) => rows.find((r) => r?.id === k) ?? prev.find((p) => p.id === k)).filter((h): h is Hazard => h !== undefined)),
        getCheckboxProps: (h: Hazard) => ({
          disabled: h.state === 'closed' || (noticeSchool !== undefined && h.schoolId !== noticeSchool),
          'aria-label': `选择 ${h.code}`,
        }),
        columnWidth: 40,
      }
    : undefined;

  return (
    <Card title="隐患台账" extra={isMobile ? undefined : actions} styles={{ body: { padding: isMobile ? 8 : 24 } }}>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {isMobile && actions}
        <HazardCounts counts={list.data?.counts} loading={list.loading} />
        <HazardFilters query={query} areas={areas.data ?? []} schools={schools.data ?? []} onChange={update} />
        {issuer && selected.length > 0 && (
          <Alert
            type="info"
            showIcon
            title={`已选 ${selected.length} 项隐患（${selected[0]?.schoolName}），可下达整改通知书`}
            action={
              <Button size="small" type="link" onClick={() => setSelected([])}>
                取消选择
              </Button>
            }
          />
        )}
        {list.error && <Alert type="error" showIcon title={list.error} />}
        <Tabs
          activeKey={query.ledger}
          onChange={(k) => update({ ledger: k as Ledger })}
          items={[
            { key: 'hazards', label: '问题隐患清单' },
            { key: 'measures', label: '整改措施清单' },
          ]}
          style={{ marginBottom: -12 }}
        />
        <Table<Hazard>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          columns={ledgerColumns(query.ledger, query.sort, isMobile)}
          rowSelection={rowSelection}
          rowClassName={(h) => (h.overdue ? 'hazard-row-overdue' : '')}
          scroll={isMobile ? undefined : { x: query.ledger === 'measures' ? 1800 : 1500 }}
          sticky
          onRow={(h) => ({
            // A click on the selection checkbox ticks the row; anywhere else opens it.
            onClick: (e) => !(e.target as HTMLElement).closest('.ant-table-selection-column') && navigate(`/hazards/${h.id}`),
            style: { cursor: 'pointer' },
          })}
          pagination={{
            current: query.page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (t) => `共 ${t} 项`,
            simple: isMobile,
          }}
          onChange={(pagination, _filters, sorter, extra) => {
            if (extra.action === 'sort') {
              const s = sorter as SorterResult<Hazard>;
              const key = typeof s.columnKey === 'string' ? s.columnKey : '';
              const sort = !s.order || !key ? '' : s.order === 'descend' ? `-${key}` : key;
              update({ sort: sort === '-foundAt' ? '' : sort, page: 1 });
            } else update({ page: pagination.current ?? 1 });
          }}
        />
      </Space>
      <ExcelImportModal
        open={importOpen}
        title="导入隐患"
        templateUrl="/api/hazards/import-template"
        templateName="隐患台账导入模板.xlsx"
        importUrl="/api/hazards/import"
        intro="每行一项隐患（学校按学校代码识别），可导入纸质或 Excel 台账中已有的隐患及其整改情况；有任何错误则整份不导入。"
        checkedText={(r) => `共 ${r.total ?? 0} 项隐患，涉及 ${r.schools ?? 0} 所学校`}
        doneText={(r) => `导入完成：新增 ${r.total ?? 0} 项隐患`}
        onClose={() => setImportOpen(false)}
        onImported={list.reload}
      />
      <IssueNoticeModal open={noticeOpen} hazards={selected} onClose={() => setNoticeOpen(false)} onIssued={(id) => navigate(`/notices/${id}`)} />
    </Card>
  );
}
