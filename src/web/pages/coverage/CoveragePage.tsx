import { Alert, Card, Col, DatePicker, Row, Segmented, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router';
import { dutyKindLabels } from '../../../domain/duty';
import { schoolTypeLabels } from '../../../domain/school';
import { api } from '../../api/client';
import { useLoad, useOrgUnits } from '../../api/hooks';
import { useCurrentUser } from '../../auth/AuthContext';
import { canSee } from '../../layout/nav';
import { useIsMobile } from '../../lib/useIsMobile';
import { RuleOriginTag } from '../checklists/checklistTags';
import { usePolicyPack } from '../checklists/checklistTypes';
import { CoverageGrid, DistrictDutyRow, Legend } from './CoverageGrid';
import { RatesTable, TotalsStrip, UncoveredList } from './CoverageRates';
import { type CoverageQuery, type CoverageView, defaultRange, readQuery, writeQuery } from './coverageQuery';
import type { CoverageAnswer } from './coverageTypes';
import { SupervisionExports } from './SupervisionExports';

const viewTitles: Record<CoverageView, string> = { month: '月度督查覆盖', week: '周自查' };

export default function CoveragePage() {
  const user = useCurrentUser();
  const isMobile = useIsMobile();
  const [searchParams, setSearchParams] = useSearchParams();
  const query = readQuery(searchParams);
  const pack = usePolicyPack();
  const areas = useOrgUnits(['township', 'centre']);
  const coverage = useLoad(
    () =>
      api.get<CoverageAnswer>('/api/coverage', {
        view: query.view,
        from: query.from,
        to: query.to,
        parentId: query.parentId,
        ...(query.obligation && { obligation: query.obligation }),
      }),
    `coverage:${query.view}:${query.from}:${query.to}:${query.parentId}:${query.obligation}`,
  );
  // Every obligation counted by school or department (drills, education, trainings … as well as inspections).
  const obligationOptions = (pack.data?.obligations ?? [])
    .filter((o) => o.subject !== 'district')
    .map((o) => ({ value: o.code, label: `${dutyKindLabels[o.kind]} · ${o.label}` }));
  const update = (patch: Partial<CoverageQuery>) => setSearchParams(writeQuery({ ...query, ...patch }));
  const switchView = (view: CoverageView) => update({ view, ...defaultRange(view), obligation: '' });

  const data = coverage.data;
  // Keep the old grid on screen while another range loads, but only if it is the same view.
  const shown = data && data.view === query.view ? data : undefined;
  const periods = shown?.periods ?? [];
  const first = periods[0];
  const last = periods[periods.length - 1];
  // Inspectors are rated only where their level counts (the monthly supervision, not the weekly self-check).
  const byInspector = shown?.byInspector ?? [];
  const uncoveredKey = shown?.uncovered[0]?.periodKey;
  const uncoveredPeriod = periods.find((p) => p.key === uncoveredKey) ?? [...periods].reverse().find((p) => shown && p.start <= shown.today);

  return (
    <Card title="督查覆盖" styles={{ body: { padding: isMobile ? 8 : 24 } }} data-testid="coverage-page">
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: isMobile ? 8 : 12 }}>
          <Segmented<CoverageView>
            value={query.view}
            onChange={switchView}
            options={(['month', 'week'] as const).map((v) => ({ value: v, label: viewTitles[v] }))}
          />
          <DatePicker.RangePicker
            picker="month"
            allowClear={false}
            aria-label="月份范围"
            // A week crossing months belongs to the range by its inner end: W40 (9/28—10/4) shows as October.
            value={first && last ? [dayjs(first.end), dayjs(last.start)] : null}
            onChange={(r) => r?.[0] && r[1] && update({ from: r[0].format('YYYY-MM'), to: r[1].format('YYYY-MM') })}
            style={{ width: isMobile ? '100%' : 220 }}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={viewTitles[query.view]}
            aria-label="义务"
            value={query.obligation || undefined}
            onChange={(v?: string) => update({ obligation: v ?? '' })}
            options={obligationOptions}
            style={{ width: isMobile ? '100%' : 260 }}
            data-testid="coverage-obligation"
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="全部街道/镇"
            aria-label="街道/镇"
            value={query.parentId || undefined}
            onChange={(v?: string) => update({ parentId: v ?? '' })}
            options={(areas.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
            style={{ width: isMobile ? '100%' : 220 }}
          />
        </div>
        {shown && (
          <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)', display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center' }}>
            <Typography.Text strong style={{ fontSize: 12 }}>
              {shown.obligation.label}
            </Typography.Text>
            <Tag style={{ marginInlineEnd: 0 }} data-testid="coverage-kind">
              {shown.obligation.kindLabel}
            </Tag>
            <span data-testid="coverage-rule">{shown.obligation.rule}</span>
            <span>{shown.obligation.description}</span>
            <RuleOriginTag origin={shown.obligation.origin} />
          </div>
        )}
        {coverage.error && <Alert type="error" showIcon title={coverage.error} />}
        <TotalsStrip view={query.view} periods={periods} totals={shown?.totals ?? []} today={shown?.today ?? ''} />
        {(shown?.district ?? []).map((d) => (
          <DistrictDutyRow key={d.obligation.code} view={query.view} label={d.obligation.label} periods={periods} cells={d.cells} pack={pack.data} />
        ))}
        <Legend />
        <CoverageGrid view={query.view} periods={periods} rows={shown?.rows ?? []} pack={pack.data} loading={coverage.loading} />
        <Row gutter={[12, 12]}>
          <Col xs={24} xl={byInspector.length > 0 ? 12 : 24}>
            <RatesTable
              title="按街道/镇"
              testId="coverage-by-parent"
              view={query.view}
              periods={periods}
              rows={(shown?.byParent ?? []).map((p) => ({ key: p.parentId, name: p.name, cells: p.cells }))}
            />
          </Col>
          {(shown?.byType ?? []).length > 1 && (
            <Col xs={24} xl={12}>
              <RatesTable
                title="按学校类型"
                testId="coverage-by-type"
                view={query.view}
                periods={periods}
                rows={(shown?.byType ?? []).map((p) => ({
                  key: p.schoolType,
                  name: schoolTypeLabels[p.schoolType as keyof typeof schoolTypeLabels] ?? p.schoolType,
                  cells: p.cells,
                }))}
              />
            </Col>
          )}
          {byInspector.length > 0 && (
            <Col xs={24} xl={12}>
              <RatesTable
                title="按责任督学"
                testId="coverage-by-inspector"
                view={query.view}
                periods={periods}
                rows={byInspector.map((p) => ({ key: p.userId, name: p.name, cells: p.cells }))}
              />
            </Col>
          )}
        </Row>
        <UncoveredList period={uncoveredPeriod} items={shown?.uncovered ?? []} canAssign={canSee(user.role, 'assignments')} />
        <Card size="small" title="导出台账与通报">
          <SupervisionExports />
        </Card>
      </Space>
    </Card>
  );
}
