import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Space, Table } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useLoad, useOrgUnits } from '../../api/hooks';
import type { Paged, School } from '../../api/types';
import { isDistrictAdmin, useCurrentUser } from '../../auth/AuthContext';
import { ExcelImportModal } from '../../components/ExcelImportModal';
import { messageOf } from '../../lib/errors';
import { useIsMobile } from '../../lib/useIsMobile';
import { SchoolFilters } from './SchoolFilters';

import { schoolColumns } from './schoolColumns';
import { apiFilters, PAGE_SIZE, readQuery, type SchoolQuery, writeQuery } from './schoolQuery';

export default function SchoolsPage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const [searchParams, setSearchParams] = useSearchParams();
  const query = readQuery(searchParams);
  const [importOpen, setImportOpen] = useState(false);
  const [exporting, setExporting] = useState(false);
  const areas = useOrgUnits(['township', 'centre']);

  const list = useLoad(() => api.get<Paged<School>>('/api/schools', { page: query.page, pageSize: PAGE_SIZE, ...apiFilters(query) }), searchParams.toString());

  const update = (patch: Partial<SchoolQuery>) => setSearchParams(writeQuery({ ...query, ...patch }));

  const exportExcel = async () => {
    setExporting(true);
    try {
      await api.download('/api/schools/export', apiFilters(query), '学校名单.xlsx');
    } catch (err) {
      message.error(messageOf(err));
    } finally {
      setExporting(false);
    }
  };

  // On a phone the buttons go under the title: three of them do not fit beside it at 375 px.
  const actions = (
    <Space wrap>
      {isDistrictAdmin(user) && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/schools/new')}>
          新增学校
        </Button>
      )}
      {/* The server takes imports from the district admin only. */}
      {isDistrictAdmin(user) && (
        <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)}>
          导入
        </Button>
      )}
      <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportExcel}>
        导出 Excel
      </Button>
    </Space>
  );

  return (
    <Card title="学校" extra={isMobile ? undefined : actions} styles={{ body: { padding: isMobile ? 8 : 24 } }}>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {isMobile && actions}
        <SchoolFilters query={query} areas={areas.data ?? []} onChange={update} />
        {list.error && <Alert type="error" showIcon title={list.error} />}
        <Table<School>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          columns={schoolColumns(query.sort)}
          scroll={{ x: 1100 }}
          sticky
          onRow={(s) => ({ onClick: () => navigate(`/schools/${s.id}`), style: { cursor: 'pointer' } })}
          pagination={{
            current: query.page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (t) => `共 ${t} 所`,
            simple: isMobile,
          }}
          onChange={(pagination, _filters, sorter, extra) => {
            if (extra.action === 'sort') {
              const s = sorter as SorterResult<School>;
              const key = typeof s.columnKey === 'string' ? s.columnKey : '';
              const sort = !s.order || !key ? '' : s.order === 'descend' ? `-${key}` : key;
              update({ sort, page: 1 });
            } else update({ page: pagination.current ?? 1 });
          }}
        />
      </Space>
      <ExcelImportModal
        open={importOpen}
        title="导入学校"
        templateUrl="/api/schools/import-template"
        templateName="学校导入模板.xlsx"
        importUrl="/api/schools/import"
        intro="学校代码已存在的行更新该校档案（空白单元格保留原值），新代码的行新增学校；有任何错误则整份不导入。"
        checkedText={(r) => `共 ${r.total ?? 0} 行，将新增 ${r.created ?? 0} 所、更新 ${r.updated ?? 0} 所`}
        doneText={(r) => `导入完成：新增 ${r.created ?? 0} 所，更新 ${r.updated ?? 0} 所`}
        onClose={() => setImportOpen(false)}
        onImported={list.reload}
      />
    </Card>
  );
}
