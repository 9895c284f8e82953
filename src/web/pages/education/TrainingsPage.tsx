import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import type { TableColumnsType } from 'antd';
import { Alert, App, Button, Card, Col, DatePicker, Row, Select, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useLoad, useOrgUnits } from '../../api/hooks';
import { useCurrentUser } from '../../auth/AuthContext';
import { type CountItem, CountStrip } from '../../components/CountStrip';
import { OutboxList } from '../../components/OutboxList';
import { SchoolLink } from '../../components/SchoolLink';
import { messageOf } from '../../lib/errors';
import { useIsMobile } from '../../lib/useIsMobile';
import { onOutboxChanged } from '../../offline/outbox';
import { canRecordEducation, type EducationOptions, loadEducationOptions, type Training, type TrainingList } from './educationApi';

const PAGE_SIZE = 20;

const columns: TableColumnsType<Training> = [
  { title: '日期', dataIndex: 'trainedOn', key: 'trainedOn', width: 110 },
  { title: '学校', key: 'school', width: 180, ellipsis: true, render: (_: unknown, t) => <SchoolLink id={t.schoolId} name={t.schoolName} /> },
  { title: '类别', dataIndex: 'kindLabel', key: 'kind', width: 140 },
  { title: '培训名称', dataIndex: 'title', key: 'title', width: 200, ellipsis: true, render: (v: string) => v || '—' },
  { title: '培训人/机构', key: 'trainer', width: 200, render: (_: unknown, t) => [t.trainer, t.trainerBody].filter(Boolean).join(' · ') },
  { title: '学时', dataIndex: 'hours', key: 'hours', width: 70, align: 'right' },
  { title: '参训', key: 'attendees', width: 110, align: 'right', render: (_: unknown, t) => `${t.attendeeCount} / ${t.staffBase} 人` },
];

const phoneColumns: TableColumnsType<Training> = [
  {
    title: '教职工培训',
    key: 'main',
    render: (_: unknown, t) => (
      <div>
        <Typography.Text strong style={{ display: 'block' }}>
          {t.kindLabel} · {t.attendeeCount} 人 · {t.hours} 学时
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t.trainedOn} · {t.trainer}
          {t.trainerBody ? `（${t.trainerBody}）` : ''}
        </Typography.Text>
      </div>
    ),
  },
];

export default function TrainingsPage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const q = { schoolId: params.get('schoolId') ?? '', kind: params.get('kind') ?? '', from: params.get('from') ?? '', to: params.get('to') ?? '' };
  const page = Number(params.get('page')) || 1;
  const [options, setOptions] = useState<EducationOptions | null>(null);
  const [exporting, setExporting] = useState(false);
  const schools = useOrgUnits(['school']);
  useEffect(() => {
    loadEducationOptions()
      .then(setOptions)
      .catch((err: unknown) => message.error(messageOf(err)));
  }, [message]);
  const list = useLoad(() => api.get<TrainingList>('/api/trainings', { page, pageSize: PAGE_SIZE, ...q }), params.toString());
  // A record the phone kept is sent in the background: show it as soon as the server has it.
  useEffect(() => onOutboxChanged(list.reload), [list.reload]);
  const update = (patch: Record<string, string | number>) => {
    const next = { ...q, page: 1, ...patch };
    setParams(
      Object.fromEntries(
        Object.entries(next)
          .filter(([k, v]) => v !== '' && !(k === 'page' && v === 1))
          .map(([k, v]) => [k, String(v)]),
      ),
    );
  };
  const counts: CountItem[] = [
    { key: 'total', title: '培训次数', value: list.data?.counts.total },
    { key: 'attendees', title: '参训人次', value: list.data?.counts.attendees },
  ];
  const exportExcel = async () => {
    setExporting(true);
    try {
      await api.download('/api/trainings/export', q, '教职工培训记录.xlsx');
    } catch (err) {
      message.error(messageOf(err));
    } finally {
      setExporting(false);
    }
  };
  const actions = (
    <Space wrap>
      {canRecordEducation(user.role) && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/trainings/new')}>
          登记培训
        </Button>
      )}
      <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportExcel}>
        导出 Excel
      </Button>
    </Space>
  );
  return (
    <Card title="教职工培训" extra={isMobile ? undefined : actions} styles={{ body: { padding: isMobile ? 8 : 24 } }}>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {isMobile && actions}
        {canRecordEducation(user.role) && <OutboxList userId={user.id} kind="training" onFix={() => navigate('/trainings/new')} />}
        <CountStrip testIdPrefix="training-count" loading={list.loading} items={counts} />
        <Row gutter={[8, 8]}>
          {(schools.data?.length ?? 0) > 1 && (
            <Col xs={24} sm={12} lg={6}>
              <Select
                style={{ width: '100%' }}
                placeholder="学校"
                aria-label="学校"
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                value={q.schoolId || undefined}
                onChange={(v: string | undefined) => update({ schoolId: v ?? '' })}
                options={(schools.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
              />
            </Col>
          )}
          <Col xs={24} sm={12} lg={4}>
            <Select
              style={{ width: '100%' }}
              placeholder="培训类别"
              aria-label="培训类别"
              allowClear
              value={q.kind || undefined}
              onChange={(v: string | undefined) => update({ kind: v ?? '' })}
              options={(options?.trainingKinds ?? []).map((k) => ({ value: k.code, label: k.label }))}
            />
          </Col>
          <Col xs={12} sm={6} lg={3}>
            <DatePicker
              style={{ width: '100%' }}
              placeholder="开始日期"
              value={q.from ? dayjs(q.from) : null}
              onChange={(d) => update({ from: d ? d.format('YYYY-MM-DD') : '' })}
            />
          </Col>
          <Col xs={12} sm={6} lg={3}>
            <DatePicker
              style={{ width: '100%' }}
              placeholder="结束日期"
              value={q.to ? dayjs(q.to) : null}
              onChange={(d) => update({ to: d ? d.format('YYYY-MM-DD') : '' })}
            />
          </Col>
        </Row>
        {list.error && <Alert type="error" showIcon title={list.error} />}
        <Table<Training>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          columns={isMobile ? phoneColumns : columns}
          scroll={isMobile ? undefined : { x: 1000 }}
          onRow={(t) => ({ onClick: () => navigate(`/trainings/${t.id}`), style: { cursor: 'pointer' } })}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (t) => `共 ${t} 条`,
            simple: isMobile,
          }}
          onChange={(p) => update({ page: p.current ?? 1 })}
        />
      </Space>
    </Card>
  );
}
