import { Col, Row, Space, Tag, Timeline, Typography } from 'antd';
import { Link } from 'react-router';
import type { Attachment, TimelineEntry } from '../../api/types';
import { AttachmentList } from '../../components/AttachmentList';
import { formatTime } from '../../lib/format';
import { dataLines, entryColor } from './timelineData';

type Props = { entries: TimelineEntry[]; foundPhotos: Attachment[] };

/**
 * 痕迹管理: every step with who (name, role, unit), when (Beijing time), what, the note, the
 * facts it changed and its photos. A rectification shows the photos from the spot beside the
 * ones after the work, so the verifier compares them at a glance.
 */
export function HazardTimeline({ entries, foundPhotos }: Props) {
  return (
    <Timeline
      items={entries.map((e) => ({
        key: e.id,
        color: entryColor(e.action),
        content: <Entry entry={e} foundPhotos={foundPhotos} />,
      }))}
    />
  );
}

function Entry({ entry: e, foundPhotos }: { entry: TimelineEntry; foundPhotos: Attachment[] }) {
  const lines = dataLines(e);
  const stateChanged = e.fromState !== null && e.fromState !== e.toState;
  return (
    <div data-testid="timeline-entry">
      <Space wrap size={6}>
        <Typography.Text strong data-testid="timeline-action">
          {e.actionLabel}
        </Typography.Text>
        {stateChanged && <Tag style={{ marginInlineEnd: 0 }}>→ {e.toStateLabel}</Tag>}
      </Space>
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
        {[e.actorName, e.actorRoleLabel, e.actorUnitName].filter(Boolean).join(' · ')} · {formatTime(e.occurredAt)}
      </Typography.Text>
      {e.note && <Typography.Paragraph style={{ margin: '4px 0', whiteSpace: 'pre-wrap' }}>{e.note}</Typography.Paragraph>}
      {lines.map((l) => (
        <Typography.Text key={l.label} style={{ display: 'block', fontSize: 13 }}>
          <Typography.Text type="secondary">{l.label}：</Typography.Text>
          {l.link ? <Link to={l.link}>{l.value}</Link> : l.value}
        </Typography.Text>
      ))}
      <Photos entry={e} foundPhotos={foundPhotos} />
    </div>
  );
}

function Photos({ entry: e, foundPhotos }: { entry: TimelineEntry; foundPhotos: Attachment[] }) {
  if (e.action === 'submit' && foundPhotos.length > 0 && e.attachments.length > 0) {
    return (
      <Row gutter={12} style={{ marginTop: 6 }} data-testid="before-after">
        <Col span={12}>
          <AttachmentList files={foundPhotos} caption="整改前" size={64} />
        </Col>
        <Col span={12}>
          <AttachmentList files={e.attachments} caption="整改后" size={64} />
        </Col>
      </Row>
    );
  }
  // The photos taken at the spot are shown with 登记信息, not again here.
  if (e.attachments.length === 0) return null;
  return (
    <div style={{ marginTop: 6 }}>
      <AttachmentList files={e.attachments} caption={e.action === 'submit' ? '整改后' : undefined} size={64} />
    </div>
  );
}
