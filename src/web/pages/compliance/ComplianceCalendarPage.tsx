import { PlayCircleOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, List, Segmented, Space, Spin, Tag, Typography } from 'antd';
import { useNavigate, useSearchParams } from 'react-router';
import type { ObligationCell } from '../../../domain/coverage';
import type { DutyKind } from '../../../domain/duty';
import type { Period } from '../../../domain/periods';
import type { Origin } from '../../../domain/policy/pack-schema';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { useCurrentUser } from '../../auth/AuthContext';
import { SchoolLink } from '../../components/SchoolLink';
import { useIsMobile } from '../../lib/useIsMobile';
import { RuleOriginTag } from '../checklists/checklistTags';
import { StatusTag } from '../coverage/SchoolObligations';

type Range = 'week' | 'month' | 'semester';
const rangeLabels: Record<Range, string> = { week: '本周', month: '本月', semester: '本学期' };

/** GET /api/schools/:id/compliance-calendar (src/server/coverage/coverage.service.ts getComplianceCalendar). */
type CalendarAnswer = {
  today: string;
  range: Range;
  period: Period;
  school: { id: string; name: string };
  items: {
    obligation: { code: string; label: string; kind: DutyKind; kindLabel: string; rule: string; source: string; origin: Origin };
    period: Period;
    cell: ObligationCell;
    periods: { total: number; done: number };
    missed: { period: Period; done: number; required: number }[];
    missedCount: number;
    link: string | null;
  }[];
};

const unitless = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/**
 * 合规日历: what one school must do this week, month or semester across every kind of duty
 * (inspections, drills, education, trainings, letters, patrols, rosters), late ones first, each with
 * one tap to record it. A school user sees their own school; a supervisor opens it from 一校一档.
 */
export default function ComplianceCalendarPage() {
  const user = useCurrentUser();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const [sp, setSp] = useSearchParams();
  const range: Range = sp.get('range') === 'month' ? 'month' : sp.get('range') === 'semester' ? 'semester' : 'week';
  const schoolId = sp.get('schoolId') ?? user.orgUnitId;
  const own = schoolId === user.orgUnitId;
  const calendar = useLoad(
    () => api.get<CalendarAnswer>(`/api/schools/${encodeURIComponent(schoolId)}/compliance-calendar`, { range }),
    `compliance:${schoolId}:${range}`,
  );
  const set = (r: Range) => {
    const next = new URLSearchParams(sp);
    next.set('range', r);
    setSp(next);
  };
  const data = calendar.data;
  const late = data?.items.filter((i) => i.cell.status === 'overdue' || i.missedCount > 0).length ?? 0;
  const open = data?.items.filter((i) => i.cell.status === 'open').length ?? 0;
  return (
    <Card
      title={
        data ? (
          <span>
            合规日历 · <SchoolLink id={data.school.id} name={data.school.name} />
          </span>
        ) : (
          '合规日历'
        )
      }
      styles={{ body: { padding: isMobile ? 8 : 24 } }}
      data-testid="compliance-calendar"
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Segmented<Range>
          block={isMobile}
          value={range}
          onChange={set}
          options={(['week', 'month', 'semester'] as const).map((r) => ({ value: r, label: rangeLabels[r] }))}
        />
        {data && (
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {data.period.label}（{data.period.start} 至 {data.period.end}）：应完成 {data.items.length} 项，
            <span style={{ color: late ? '#cf1322' : undefined }}>已逾期 {late}</span>，进行中 {open}
          </Typography.Text>
        )}
        {calendar.error && <Alert type="error" showIcon title={calendar.error} />}
        {calendar.loading && !data && <Spin />}
        {data && data.items.length === 0 && <Empty description="这段时间没有应完成的安全工作" />}
        {data && data.items.length > 0 && (
          <List
            dataSource={data.items}
            renderItem={(i) => (
              <List.Item key={`${i.obligation.code}:${i.period.key}`} style={{ display: 'block' }} data-testid={`calendar-${i.obligation.code}`}>
                <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
                  <Space size={[6, 2]} wrap>
                    <Typography.Text strong>{i.obligation.label}</Typography.Text>
                    <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                      {i.obligation.kindLabel}
                    </Tag>
                    <StatusTag status={i.cell.status} />
                  </Space>
                  {own && i.link && (
                    <Button
                      size="small"
                      type={i.cell.status === 'overdue' || i.cell.status === 'open' ? 'primary' : 'default'}
                      icon={<PlayCircleOutlined />}
                      onClick={() => navigate(i.link as string)}
                      data-testid={`record-${i.obligation.code}`}
                    >
                      去记录
                    </Button>
                  )}
                </div>
                <div style={{ fontSize: 13, color: 'rgba(0,0,0,0.65)', marginTop: 4 }}>{i.obligation.rule}</div>
                <div style={{ fontSize: 13, marginTop: 2 }}>
                  {i.period.label}：已完成 <b>{unitless(i.cell.done)}</b>/{unitless(i.cell.required)}
                  {i.cell.status !== 'done' && i.cell.status !== 'none' && (
                    <span style={{ color: i.cell.status === 'overdue' ? '#cf1322' : undefined }}> · 截止 {i.cell.dueDate}</span>
                  )}
                </div>
                {i.missedCount > 0 && (
                  <div style={{ fontSize: 12, color: '#cf1322', marginTop: 2 }} data-testid="calendar-missed">
                    {rangeLabels[range]}已有 {i.missedCount} 个周期未完成
                    {i.missedCount > 5 ? '（最近：' : '：'}
                    {i.missed
                      .slice(-5)
                      .map((m) => m.period.label)
                      .join('、')}
                    {i.missedCount > 5 ? '）' : ''}
                  </div>
                )}
                <div style={{ marginTop: 4 }}>
                  <RuleOriginTag origin={i.obligation.origin} />
                </div>
              </List.Item>
            )}
          />
        )}
      </Space>
    </Card>
  );
}
