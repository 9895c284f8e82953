import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import type { TableColumnsType } from 'antd';
import { Alert, App, Button, Card, Col, Collapse, DatePicker, InputNumber, Row, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { gradeLabel } from '../../../domain/education';
import { api } from '../../api/client';
import { useLoad, useOrgUnits } from '../../api/hooks';
import { useCurrentUser } from '../../auth/AuthContext';
import { type CountItem, CountStrip } from '../../components/CountStrip';
import { ExcelImportModal } from '../../components/ExcelImportModal';
import { OutboxList } from '../../components/OutboxList';
import { SchoolLink } from '../../components/SchoolLink';
import { messageOf } from '../../lib/errors';
import { useIsMobile } from '../../lib/useIsMobile';
import { onOutboxChanged } from '../../offline/outbox';
import {
  type ClassHours,
  type ClassHoursRow,
  canRecordEducation,
  type EducationOptions,
  type EducationSession,
  gradeOptions,
  loadEducationOptions,
  type SessionList,
} from './educationApi';

const PAGE_SIZE = 20;
const keys = ['schoolId', 'topic', 'occasion', 'grade', 'classNo', 'from', 'to'] as const;
type Query = Record<(typeof keys)[number], string> & { page: number };

const readQuery = (p: URLSearchParams): Query => ({
  ...(Object.fromEntries(keys.map((k) => [k, p.get(k) ?? ''])) as Record<(typeof keys)[number], string>),
  page: Number(p.get('page')) || 1,
});
const writeQuery = (q: Query) =>
  Object.fromEntries(
    Object.entries(q)
      .filter(([k, v]) => v !== '' && !(k === 'page' && v === 1))
      .map(([k, v]) => [k, String(v)]),
  );

/** The API filter: a grade alone asks for the sessions reaching that grade; with a class number, that class. */
function apiFilters(q: Query) {
  const audience = q.grade ? (q.classNo ? `class:${q.grade}-${q.classNo}` : `grade:${q.grade}`) : '';
  return { schoolId: q.schoolId, topic: q.topic, occasion: q.occasion, audience, from: q.from, to: q.to };
}

const columns: TableColumnsType<EducationSession> = [
  { title: '日期', dataIndex: 'heldOn', key: 'heldOn', width: 110 },
  { title: '学校', key: 'school', width: 180, ellipsis: true, render: (_: unknown, s) => <SchoolLink id={s.schoolId} name={s.schoolName} /> },
  { title: '对象', dataIndex: 'audienceLabel', key: 'audience', width: 180 },
  {
    title: '主题',
    key: 'topic',
    width: 200,
    render: (_: unknown, s) => (
      <Space size={4} wrap>
        {s.topicLabel}
        {s.occasionLabel && <Tag color="blue">{s.occasionLabel}</Tag>}
      </Space>
    ),
  },
  { title: '课时', dataIndex: 'hours', key: 'hours', width: 70, align: 'right' },
  { title: '授课人', key: 'speaker', width: 180, render: (_: unknown, s) => `${s.speakerName}（${s.speakerTypeLabel}）` },
  { title: '参加学生', dataIndex: 'participants', key: 'participants', width: 90, align: 'right', render: (v: number | null) => v ?? '—' },
];

const phoneColumns: TableColumnsType<EducationSession> = [
  {
    title: '安全教育',
    key: 'main',
    render: (_: unknown, s) => (
      <div>
        <Typography.Text strong style={{ display: 'block' }}>
          {s.topicLabel} · {s.hours} 课时
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {s.heldOn} · {s.audienceLabel} · {s.speakerName}
        </Typography.Text>
        {s.occasionLabel && (
          <div>
            <Tag color="blue">{s.occasionLabel}</Tag>
          </div>
        )}
      </div>
    ),
  },
];

export default function EducationPage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const [searchParams, setSearchParams] = useSearchParams();
  const query = readQuery(searchParams);
  const [options, setOptions] = useState<EducationOptions | null>(null);
  const [importOpen, setImportOpen] = useState(false);
  const [exporting, setExporting] = useState(false);
  const schools = useOrgUnits(['school']);
  const recorder = canRecordEducation(user.role);
  useEffect(() => {
    loadEducationOptions()
      .then(setOptions)
      .catch((err: unknown) => message.error(messageOf(err)));
  }, [message]);

  const filters = apiFilters(query);
  const list = useLoad(() => api.get<SessionList>('/api/education-sessions', { page: query.page, pageSize: PAGE_SIZE, ...filters }), searchParams.toString());
  // A record the phone kept is sent in the background: show it as soon as the server has it.
  useEffect(() => onOutboxChanged(list.reload), [list.reload]);
  const update = (patch: Partial<Query>) => setSearchParams(writeQuery({ ...query, page: 1, ...patch }));
  const counts: CountItem[] = [
    { key: 'total', title: '记录', value: list.data?.counts.total },
    { key: 'hours', title: '课时合计', value: list.data?.counts.hours },
  ];

  const exportExcel = async () => {
    setExporting(true);
    try {
      await api.download('/api/education-sessions/export', filters, '安全教育记录.xlsx');
    } catch (err) {
      message.error(messageOf(err));
    } finally {
      setExporting(false);
    }
  };

  const actions = (
    <Space wrap>
      {recorder && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/education/new')}>
          登记安全教育
        </Button>
      )}
      {recorder && (
        <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)}>
          导入课表
        </Button>
      )}
      <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportExcel}>
        导出 Excel
      </Button>
    </Space>
  );
  const select = (key: keyof Query, placeholder: string, opts: { value: string | number; label: string }[], span = 4) => (
    <Col xs={12} sm={8} lg={span}>
      <Select
        style={{ width: '100%' }}
        placeholder={placeholder}
        aria-label={placeholder}
        allowClear
        value={query[key] === '' ? undefined : String(query[key])}
        onChange={(v: string | undefined) => update({ [key]: v ?? '', ...(key === 'grade' && !v ? { classNo: '' } : {}) })}
        options={opts.map((o) => ({ value: String(o.value), label: o.label }))}
      />
    </Col>
  );

  return (
    <Card title="安全教育" extra={isMobile ? undefined : actions} styles={{ body: { padding: isMobile ? 8 : 24 } }}>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {isMobile && actions}
        {canRecordEducation(user.role) && <OutboxList userId={user.id} kind="education" onFix={() => navigate('/education/new')} />}
        <CountStrip testIdPrefix="education-count" loading={list.loading} items={counts} />
        <Row gutter={[8, 8]}>
          {(schools.data?.length ?? 0) > 1 && (
            <Col xs={24} sm={12} lg={6}>
              <Select
                style={{ width: '100%' }}
                placeholder="学校"
                aria-label="学校"
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                value={query.schoolId || undefined}
                onChange={(v: string | undefined) => update({ schoolId: v ?? '' })}
                options={(schools.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
              />
            </Col>
          )}
          {select(
            'topic',
            '教育主题',
            (options?.topics ?? []).map((t) => ({ value: t.code, label: t.label })),
          )}
          {select(
            'occasion',
            '特殊时点',
            (options?.occasions ?? []).map((t) => ({ value: t.code, label: t.label })),
          )}
          {select('grade', '年级', gradeOptions, 3)}
          {query.grade &&
            select(
              'classNo',
              '班级',
              Array.from({ length: 20 }, (_, i) => ({ value: i + 1, label: `${i + 1}班` })),
              3,
            )}
          <Col xs={12} sm={6} lg={3}>
            <DatePicker
              style={{ width: '100%' }}
              placeholder="开始日期"
              value={query.from ? dayjs(query.from) : null}
              onChange={(d) => update({ from: d ? d.format('YYYY-MM-DD') : '' })}
            />
          </Col>
          <Col xs={12} sm={6} lg={3}>
            <DatePicker
              style={{ width: '100%' }}
              placeholder="结束日期"
              value={query.to ? dayjs(query.to) : null}
              onChange={(d) => update({ to: d ? d.format('YYYY-MM-DD') : '' })}
            />
          </Col>
        </Row>
        {query.grade && <Typography.Text type="secondary">按班级筛选时，包括该班、该年级整体和全校开展的安全教育。</Typography.Text>}
        {list.error && <Alert type="error" showIcon title={list.error} />}
        <Table<EducationSession>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          columns={isMobile ? phoneColumns : columns}
          scroll={isMobile ? undefined : { x: 1000 }}
          onRow={(s) => ({ onClick: () => navigate(`/education/${s.id}`), style: { cursor: 'pointer' } })}
          pagination={{
            current: query.page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (t) => `共 ${t} 条`,
            simple: isMobile,
          }}
          onChange={(p) => update({ page: p.current ?? 1 })}
        />
        <ClassHoursSection schoolId={query.schoolId || (recorder ? user.orgUnitId : '')} from={query.from} to={query.to} />
      </Space>
      <ExcelImportModal
        open={importOpen}
        title="导入安全教育课表"
        templateUrl="/api/education-sessions/import-template"
        templateName="安全教育课表导入模板.xlsx"
        importUrl="/api/education-sessions/import"
        intro="每行一节课：全校、整个年级，或一个年级的若干班；有任何错误则整份不导入。"
        checkedText={(r) => `共 ${r.total ?? 0} 节课`}
        doneText={(r) => `导入完成：${r.created ?? 0} 节课`}
        onClose={() => setImportOpen(false)}
        onImported={list.reload}
      />
    </Card>
  );
}

/** 各班课时: one school's hours per class for the chosen dates (default: this semester), a page at a time, by grade or short of N hours. */
function ClassHoursSection({ schoolId, from, to }: { schoolId: string; from: string; to: string }) {
  const [page, setPage] = useState(1);
  const [grade, setGrade] = useState<number | undefined>(undefined);
  const [below, setBelow] = useState<number | null>(null);
  const filters = { grade: grade ?? '', belowHours: below ?? '' };
  const hours = useLoad(
    () => (schoolId ? api.get<ClassHours>('/api/education-sessions/hours', { schoolId, from, to, page, pageSize: 50, ...filters }) : Promise.resolve(null)),
    `${schoolId}|${from}|${to}|${page}|${grade ?? ''}|${below ?? ''}`,
  );
  if (!schoolId) return null;
  const data = hours.data;
  return (
    <Collapse
      items={[
        {
          key: 'hours',
          label: data ? `各班课时（${data.from} 至 ${data.to}）` : '各班课时',
          children: (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Space wrap>
                <Select
                  allowClear
                  placeholder="全部年级"
                  aria-label="年级"
                  style={{ width: 120 }}
                  value={grade}
                  options={Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: gradeLabel(i + 1) }))}
                  onChange={(v) => {
                    setGrade(v ?? undefined);
                    setPage(1);
                  }}
                />
                <InputNumber
                  min={0}
                  max={1000}
                  step={0.5}
                  placeholder="课时少于"
                  aria-label="课时少于"
                  style={{ width: 130 }}
                  value={below}
                  onChange={(v) => {
                    setBelow(typeof v === 'number' ? v : null);
                    setPage(1);
                  }}
                />
              </Space>
              <Table<ClassHoursRow>
                rowKey="audience"
                size="small"
                loading={hours.loading}
                pagination={{
                  current: data?.page ?? page,
                  pageSize: data?.pageSize ?? 50,
                  total: data?.total ?? 0,
                  showSizeChanger: false,
                  hideOnSinglePage: true,
                }}
                onChange={(p) => setPage(p.current ?? 1)}
                dataSource={data?.items ?? []}
                locale={{ emptyText: '该时段没有符合条件的班级' }}
                columns={[
                  { title: '班级', dataIndex: 'audienceLabel', key: 'audience' },
                  { title: '课时', dataIndex: 'hours', key: 'hours', width: 70, align: 'right' },
                  {
                    title: '按主题',
                    key: 'topics',
                    render: (_: unknown, r) => r.byTopic.map((t) => `${t.topicLabel ?? t.topic} ${t.hours}`).join('，'),
                  },
                ]}
              />
            </Space>
          ),
        },
      ]}
    />
  );
}
