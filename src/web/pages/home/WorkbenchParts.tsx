import { PlayCircleOutlined } from '@ant-design/icons';
import { Button, Col, List, Row, Space, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import { daysBetween } from '../../../domain/calendar';
import { api } from '../../api/client';
import { useIsMobile } from '../../lib/useIsMobile';
import { StatusTag } from '../coverage/SchoolObligations';
import { UrgeButton } from '../hazards/UrgeButton';
import { toneColors, type WorkbenchItem, type WorkbenchRow } from './workbenchTypes';

const small = { fontSize: 12, color: 'rgba(0,0,0,0.55)' } as const;

/** One count: the number and its label, as a link to the list it counts. */
export function CountTile({ item }: { item: WorkbenchItem }) {
  const body = (
    <div
      data-testid={`wb-${item.key}`}
      style={{
        border: '1px solid #f0f0f0',
        borderRadius: 8,
        padding: '6px 8px',
        height: '100%',
        background: item.count && item.tone === 'danger' ? '#fff1f0' : '#fff',
      }}
    >
      <div data-testid="wb-count" style={{ fontSize: 22, fontWeight: 600, lineHeight: '28px', color: item.count ? toneColors[item.tone] : 'rgba(0,0,0,0.45)' }}>
        {item.count}
      </div>
      <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.75)', lineHeight: '16px' }}>{item.label}</div>
      {item.hint && <div style={{ ...small, fontSize: 11, lineHeight: '14px', marginTop: 2 }}>{item.hint}</div>}
    </div>
  );
  return item.link ? (
    <Link to={item.link} aria-label={`${item.label} ${item.count}`} style={{ color: 'inherit', display: 'block', height: '100%' }}>
      {body}
    </Link>
  ) : (
    body
  );
}

/**
 * A module's to-do without a duty period in the duties card (校车证照待处理, 今日在线巡检未完成):
 * one line each, so they do not push the day's duties and the notices off a phone's first screen.
 */
export function CountLines({ items }: { items: WorkbenchItem[] }) {
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 2, marginBottom: 4 }}>
      {items.map((item) => {
        const line = (
          <div
            key={item.key}
            data-testid={`wb-${item.key}`}
            style={{ display: 'flex', alignItems: 'baseline', gap: 6, padding: '4px 0', borderBottom: '1px solid #f5f5f5' }}
          >
            <span
              data-testid="wb-count"
              style={{ fontSize: 16, fontWeight: 600, minWidth: 20, color: item.count ? toneColors[item.tone] : 'rgba(0,0,0,0.45)' }}
            >
              {item.count}
            </span>
            {/* The label is what the count is: it keeps its width (up to 70%), the hint gives way first. */}
            <span style={{ fontSize: 13, flex: '0 0 auto', maxWidth: '70%', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
              {item.label}
            </span>
            {item.hint && (
              <Typography.Text type="secondary" ellipsis style={{ fontSize: 12, flex: '1 1 0', minWidth: 0 }}>
                {item.hint}
              </Typography.Text>
            )}
          </div>
        );
        return item.link ? (
          <Link key={item.key} to={item.link} aria-label={`${item.label} ${item.count}`} style={{ color: 'inherit' }}>
            {line}
          </Link>
        ) : (
          <div key={item.key}>{line}</div>
        );
      })}
    </div>
  );
}

/** The counts of a section, four to a row on a phone; `narrow`: the side column on a desk. */
export function CountGrid({ items, onUrged, narrow = false }: { items: WorkbenchItem[]; onUrged: () => void; narrow?: boolean }) {
  const withRows = items.filter((i) => i.rows?.length);
  return (
    <>
      <Row gutter={[8, 8]}>
        {items.map((i) => (
          <Col key={i.key} xs={6} sm={6} md={narrow ? 8 : 4} lg={narrow ? 12 : 6} xl={narrow ? 12 : 4}>
            <CountTile item={i} />
          </Col>
        ))}
      </Row>
      {withRows.map((i) => (
        <HazardRows key={i.key} item={i} onUrged={onUrged} />
      ))}
    </>
  );
}

const overdueText = (deadline: string | null, today: string) => (deadline ? `期限 ${deadline}，逾期 ${daysBetween(deadline, today)} 天` : '');

/** The first hazards of a queue (the overdue ones), each with 催办 where the server allows it. */
function HazardRows({ item, onUrged }: { item: WorkbenchItem; onUrged: () => void }) {
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  return (
    <List<WorkbenchRow>
      size="small"
      style={{ marginTop: 8 }}
      header={<Typography.Text strong>{item.label}</Typography.Text>}
      dataSource={item.rows ?? []}
      renderItem={(r) => (
        <List.Item
          key={r.id}
          data-testid={`wb-row-${r.id}`}
          extra={r.canUrge ? <UrgeButton size="small" hazardId={r.id} code={r.title.split(' ')[0] ?? ''} onDone={onUrged} /> : null}
        >
          <List.Item.Meta
            title={<Link to={r.link}>{r.title}</Link>}
            description={
              <span style={small}>
                {r.school && <Link to={`/schools/${r.school.id}`}>{r.school.name}</Link>}
                {r.subtitle && ` · ${r.subtitle}`} · <span style={{ color: '#cf1322' }}>{overdueText(r.deadline, today)}</span>
              </span>
            }
          />
        </List.Item>
      )}
    />
  );
}

/** Lines of the duties card on a phone (count lines first, then duties, at least one duty). */
const PHONE_LINES = 5;

/** The school's own duties of this period: state, progress and a button that starts one. */
export function DutyList({ items, countLines = 0 }: { items: WorkbenchItem[]; countLines?: number }) {
  const navigate = useNavigate();
  // A phone keeps each duty on one line (its due day short), so the first screen holds them all.
  const isMobile = useIsMobile();
  // Every duty kind of the pack lands here (drills, education, patrols …): a phone shows what is
  // still to do, overdue first, and sends the rest to the 合规日历, so hazards and notices stay on
  // the first screen.
  const rank = (i: WorkbenchItem) => (i.duty?.status === 'overdue' ? 0 : i.duty?.status === 'open' ? 1 : 2);
  const todo = items.filter((i) => i.duty && (i.duty.status === 'open' || i.duty.status === 'overdue'));
  const shown = isMobile ? [...todo].sort((a, b) => rank(a) - rank(b)).slice(0, Math.max(1, Math.min(3, PHONE_LINES - countLines))) : items;
  const hidden = items.length - shown.length;
  return (
    <List<WorkbenchItem>
      size="small"
      split
      dataSource={shown}
      footer={
        hidden > 0 ? (
          <Link to="/compliance-calendar" data-testid="wb-duties-more" style={small}>
            另有 {hidden} 项（已完成 {items.length - todo.length} 项），查看合规日历
          </Link>
        ) : undefined
      }
      renderItem={(i) => {
        const d = i.duty;
        if (!d) return null;
        return (
          <List.Item
            key={i.key}
            data-testid={`wb-${i.key}`}
            style={{ paddingInline: 0 }}
            extra={
              d.start && (
                <Button
                  size="small"
                  type={d.status === 'done' ? 'default' : 'primary'}
                  icon={<PlayCircleOutlined />}
                  onClick={() => navigate(d.start as string)}
                >
                  开始
                </Button>
              )
            }
          >
            <div style={{ minWidth: 0 }}>
              <Space size={6} wrap>
                <Link
                  to={i.link ?? '/obligations'}
                  style={{
                    fontWeight: 500,
                    ...(isMobile && {
                      maxWidth: 130,
                      display: 'inline-block',
                      overflow: 'hidden',
                      textOverflow: 'ellipsis',
                      whiteSpace: 'nowrap',
                      verticalAlign: 'bottom',
                    }),
                  }}
                >
                  {i.label}
                </Link>
                <StatusTag status={d.status} />
                <span style={{ fontSize: 13 }}>
                  {d.done}/{d.required} {d.unit}
                </span>
                {isMobile && d.dueDate && <span style={small}>截止 {d.dueDate.slice(5)}</span>}
              </Space>
              {!isMobile && (
                <div style={small}>
                  {d.periodLabel}
                  {d.dueDate && ` · 截止 ${d.dueDate}`}
                </div>
              )}
              {i.hint && <div style={{ fontSize: 12, color: toneColors[i.tone] }}>{i.hint}</div>}
            </div>
          </List.Item>
        );
      }}
    />
  );
}

/** Unread messages in place: a click marks one read and opens its record. */
export function InboxList({ item, onRead }: { item: WorkbenchItem; onRead: () => void }) {
  const navigate = useNavigate();
  const open = async (r: WorkbenchRow) => {
    await api.post(`/api/notifications/${r.id}/read`).catch(() => {});
    onRead();
    navigate(r.link);
  };
  if (!item.count)
    return (
      <Typography.Text type="secondary" data-testid="wb-inbox-empty">
        暂无未读消息
      </Typography.Text>
    );
  return (
    <List<WorkbenchRow>
      size="small"
      dataSource={item.rows ?? []}
      footer={item.count > (item.rows?.length ?? 0) ? <span style={small}>另有 {item.count - (item.rows?.length ?? 0)} 条，见右上角消息</span> : undefined}
      renderItem={(r) => (
        <List.Item key={r.id} style={{ cursor: 'pointer', paddingInline: 0 }} onClick={() => open(r)}>
          <div style={{ minWidth: 0 }}>
            <Typography.Text ellipsis style={{ display: 'block' }}>
              {r.title}
            </Typography.Text>
            <span style={small}>{r.subtitle}</span>
          </div>
        </List.Item>
      )}
    />
  );
}
