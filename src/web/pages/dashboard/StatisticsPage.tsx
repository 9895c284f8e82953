import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Row, Select, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { messageOf } from '../../lib/errors';
import { usePolicyPack } from '../checklists/checklistTypes';
import { DashboardFilters } from './DashboardFilters';
import { useDashboard } from './DashboardPage';
import { apiParams, type DashboardQuery, readQuery, writeQuery } from './dashboardQuery';
import { type CoveragePanel, type HazardGroups, type NoticesPanel, panelData, type SupervisionSummary, type TownshipRanking } from './dashboardTypes';
import { panelRenderers, SummaryFigures } from './panels';

/**
 * 统计分析: the 督查汇总 for a period, a supervision level and a unit (with its Excel download),
 * and the dashboard's figures as tables. Same API as the dashboard, so the numbers agree.
 */
const pct = (v: number | null) => (v === null ? '—' : `${v}%`);

export default function StatisticsPage() {
  const { message } = App.useApp();
  const [sp, setSp] = useSearchParams();
  const query = readQuery(sp, 'month');
  const level = sp.get('level') ?? '';
  const pack = usePolicyPack();
  const dashboard = useDashboard(query);
  const d = dashboard.data;
  const params = { from: d?.period.from, to: d?.period.to, level: level || undefined, orgUnitId: apiParams(query).orgUnitId };
  const summary = useLoad(
    () => (d ? api.get<SupervisionSummary>('/api/statistics/supervision-summary', params) : Promise.resolve(undefined)),
    `summary:${params.from}:${params.to}:${level}:${params.orgUnitId}`,
  );
  const [downloading, setDownloading] = useState(false);
  const update = (patch: Partial<DashboardQuery>) => {
    const next = writeQuery({ ...query, ...patch });
    if (level) next.set('level', level);
    setSp(next);
  };
  const setLevel = (v?: string) => {
    const next = new URLSearchParams(sp);
    if (v) next.set('level', v);
    else next.delete('level');
    setSp(next);
  };
  useEffect(() => {
    document.title = '统计分析 - 护校安园';
  }, []);
  const download = async () => {
    setDownloading(true);
    try {
      await api.download('/api/statistics/supervision-summary/export', params, '督查汇总.xlsx');
    } catch (err) {
      message.error(messageOf(err));
    } finally {
      setDownloading(false);
    }
  };
  const ranking = panelData<TownshipRanking>(d, 'townshipRanking');
  const categories = panelData<HazardGroups>(d, 'hazardCategories');
  const places = panelData<HazardGroups>(d, 'hazardPlaces');
  const coverage = panelData<CoveragePanel>(d, 'coverage');
  const notices = panelData<NoticesPanel>(d, 'notices');
  const Ranking = panelRenderers.townshipRanking;
  const groupColumns = (title: string) => [
    { title, dataIndex: 'label' },
    { title: '发现', dataIndex: 'found', width: 90, render: (v: number, r: HazardGroups['items'][number]) => <Link to={r.link}>{v}</Link> },
    { title: '未销号', dataIndex: 'open', width: 90 },
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="statistics-page">
      <Card title="统计分析" size="small">
        <Space orientation="vertical" style={{ width: '100%' }}>
          <DashboardFilters query={query} onChange={update} />
          <Select
            allowClear
            placeholder="各级督查（不含学校自查）"
            aria-label="督查层级"
            value={level || undefined}
            onChange={setLevel}
            options={(pack.data?.levels ?? []).map((l) => ({ value: l.code, label: l.label }))}
            style={{ width: 240 }}
          />
        </Space>
      </Card>
      {(dashboard.error || summary.error) && <Alert type="error" showIcon title={dashboard.error ?? summary.error} />}
      <Card
        size="small"
        title={summary.data ? `督查汇总：${summary.data.unit?.name ?? ''}${summary.data.levelLabel}（${summary.data.from} 至 ${summary.data.to}）` : '督查汇总'}
        extra={
          <Button icon={<DownloadOutlined />} onClick={download} loading={downloading} disabled={!d} data-testid="summary-export">
            导出 Excel
          </Button>
        }
      >
        {summary.data && <SummaryFigures data={summary.data} />}
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
          学校数和隐患数为所选督查层级在期间内发现的隐患；整改通知书和执法处罚书为期间内各级下达的。点击数字打开对应清单。
        </Typography.Paragraph>
      </Card>
      <Row gutter={[12, 12]}>
        {ranking && Ranking && (
          <Col xs={24} xl={12}>
            <Card size="small" title="各街镇隐患整改排名">
              <Ranking data={ranking as never} />
            </Card>
          </Col>
        )}
        {coverage && (
          <Col xs={24} xl={12}>
            <Card size="small" title={`督查覆盖率（${coverage.obligation ?? '每月全覆盖'}）`}>
              <Table
                size="small"
                rowKey="month"
                pagination={false}
                dataSource={coverage.months}
                columns={[
                  { title: '月份', dataIndex: 'label' },
                  { title: '应督查', dataIndex: 'schools' },
                  { title: '已督查', dataIndex: 'done', render: (v: number, r) => <Link to={r.link}>{v}</Link> },
                  { title: '覆盖率', dataIndex: 'rate', render: pct },
                ]}
              />
            </Card>
          </Col>
        )}
        {categories && (
          <Col xs={24} xl={8}>
            <Card size="small" title="按隐患类别">
              <Table size="small" rowKey="key" pagination={false} dataSource={categories.items} columns={groupColumns('类别')} />
            </Card>
          </Col>
        )}
        {places && (
          <Col xs={24} xl={8}>
            <Card size="small" title="按隐患部位">
              <Table size="small" rowKey="key" pagination={false} dataSource={places.items} columns={groupColumns('部位')} />
            </Card>
          </Col>
        )}
        {notices && (
          <Col xs={24} xl={8}>
            <Card size="small" title="整改通知书与执法处罚书（按月）">
              <Table
                size="small"
                rowKey="month"
                pagination={false}
                dataSource={notices.byMonth}
                columns={[
                  { title: '月份', dataIndex: 'month' },
                  { title: '整改通知书', dataIndex: 'notices' },
                  { title: '执法处罚书', dataIndex: 'penalties' },
                ]}
              />
            </Card>
          </Col>
        )}
      </Row>
    </Space>
  );
}
