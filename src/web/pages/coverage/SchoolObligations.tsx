import { PlayCircleOutlined } from '@ant-design/icons';
import { Button, Card, Col, Row, Space, Tag, Typography } from 'antd';
import type { CellStatus, ObligationCell } from '../../../domain/coverage';
import { RuleOriginTag } from '../checklists/checklistTags';
import { cellStatusLabels, countUnit, type ObligationInfo, type ReportStanding, reportStandingLabels, type SchoolObligation } from './coverageTypes';

const statusColors: Record<CellStatus, string> = { done: 'green', open: 'blue', overdue: 'red', upcoming: 'default', none: 'default' };

export function StatusTag({ status }: { status: CellStatus }) {
  return (
    <Tag color={statusColors[status]} style={{ marginInlineEnd: 0 }} data-testid="obligation-status">
      {cellStatusLabels[status]}
    </Tag>
  );
}

const standingColors: Record<ReportStanding, string> = { reported: 'green', late: 'orange', due: 'blue', overdue: 'red' };

/** The labels of the levels that covered a period, in the obligation's own words. */
export const levelNames = (ob: ObligationInfo, levels: readonly string[]) =>
  levels.map((l) => ob.levelLabels[ob.levels.indexOf(l as ObligationInfo['levels'][number])] ?? l).join('、');

/** Whether the school does this itself (日巡查, 周检查, drills, education, letters …) rather than receiving it (督查). */
export const isSelfCheck = (o: SchoolObligation) => o.obligation.kind !== 'inspection' || o.obligation.levels.includes('school_self');

/** Without `onStart` (someone else's school, in its file) the cards only show where the school stands. onStart gets the record link. */
type Props = { item: SchoolObligation; onStart?: ((link: string) => void) | undefined };

/** One obligation of the own school: this period's state, the due day, the last check, and the button to start one. */
export function ObligationCard({ item, onStart }: Props) {
  const { obligation: ob, current, previous } = item;
  const mine = current.mine as ObligationCell;
  const prev = previous.mine;
  const link = ob.kind === 'inspection' ? (ob.templates[0] ? ob.link : null) : ob.link;
  const self = isSelfCheck(item);
  const lastDay = mine.lastDay ?? prev?.lastDay ?? null;
  const standings = (item.reports ?? []).filter((r) => r.count > 0);
  return (
    <Card
      size="small"
      data-testid={`obligation-${ob.code}`}
      title={
        <Space size={6} wrap>
          <span>{ob.label}</span>
          <StatusTag status={mine.status} />
        </Space>
      }
      extra={<Typography.Text type="secondary">{ob.kindLabel}</Typography.Text>}
      styles={{ body: { display: 'flex', flexDirection: 'column', gap: 6, fontSize: 13 } }}
      style={{ height: '100%' }}
    >
      <div>{current.period.label}</div>
      <div style={{ color: 'rgba(0,0,0,0.55)' }} data-testid="obligation-rule">
        {ob.rule}
      </div>
      <div>
        已完成 <b>{mine.done}</b>/{mine.required} {countUnit(ob.countBy)}
        {mine.status !== 'done' && <span style={{ color: mine.status === 'overdue' ? '#cf1322' : undefined }}> · 截止 {mine.dueDate}</span>}
      </div>
      <div style={{ color: 'rgba(0,0,0,0.55)' }}>
        最近一次：{lastDay ?? '暂无'}
        {mine.levels.length > 0 && !self && `（${levelNames(ob, mine.levels)}）`}
      </div>
      {self && prev?.status === 'overdue' && <div style={{ color: '#cf1322' }}>上期（{previous.period.label}）未完成，已逾期</div>}
      {standings.length > 0 && (
        <Space size={[4, 4]} wrap>
          <span>上报：</span>
          {standings.map((s) => (
            <Tag key={s.standing} color={standingColors[s.standing]} style={{ marginInlineEnd: 0 }} data-testid="report-standing">
              {reportStandingLabels[s.standing]}
              {s.count > 1 ? ` ${s.count}` : ''}
            </Tag>
          ))}
        </Space>
      )}
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center', justifyContent: 'space-between', marginTop: 'auto' }}>
        <RuleOriginTag origin={ob.origin} />
        {self && link && onStart && (
          <Button
            type={mine.status === 'done' ? 'default' : 'primary'}
            size="small"
            icon={<PlayCircleOutlined />}
            onClick={() => onStart(link)}
            data-testid={`start-${ob.code}`}
          >
            {ob.kind !== 'inspection' ? '去记录' : mine.status === 'done' ? '再查一次' : '开始检查'}
          </Button>
        )}
      </div>
    </Card>
  );
}

/** The school's own checks first (they act on them), then the supervision it receives. */
export function SchoolObligations({ items, onStart }: { items: SchoolObligation[]; onStart?: ((link: string) => void) | undefined }) {
  const own = items.filter(isSelfCheck);
  const received = items.filter((i) => !isSelfCheck(i));
  const grid = (list: SchoolObligation[]) => (
    <Row gutter={[12, 12]}>
      {list.map((i) => (
        <Col key={i.obligation.code} xs={24} md={12} xl={8}>
          <ObligationCard item={i} onStart={onStart} />
        </Col>
      ))}
    </Row>
  );
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <div>
        <Typography.Title level={5}>{onStart ? '本校自查' : '学校自查'}</Typography.Title>
        {grid(own)}
      </div>
      {received.length > 0 && (
        <div>
          <Typography.Title level={5}>接受督查</Typography.Title>
          {grid(received)}
        </div>
      )}
    </Space>
  );
}
