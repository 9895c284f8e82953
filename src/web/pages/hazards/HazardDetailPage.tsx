import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Row, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import type { HazardAction } from '../../../domain/hazard-workflow';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import type { HazardDetail } from '../../api/types';
import { useCurrentUser } from '../../auth/AuthContext';
import { PageLoading } from '../../components/PageState';
import { useIsMobile } from '../../lib/useIsMobile';
import { HazardActionModal } from './HazardActionModal';
import { HazardFacts, HazardHeader, HazardPlan } from './HazardSummary';
import { HazardTimeline } from './HazardTimeline';
import { isSchoolRole } from './hazardRoles';
import { UrgeButton } from './UrgeButton';

type Action = { action: HazardAction; label: string };
const dangerous: ReadonlySet<HazardAction> = new Set(['verify_fail', 'list_supervision']);
/** Side steps: never the highlighted next step, even when listed first. */
const secondary: ReadonlySet<HazardAction> = new Set(['reopen', 'request_extension', 'hand_over', 'list_supervision']);

export default function HazardDetailPage() {
  const { id = '' } = useParams();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const location = useLocation();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const loaded = useLoad(() => api.get<HazardDetail>(`/api/hazards/${id}`), id);
  // An action answers with the whole hazard again: show that instead of loading it twice.
  const [fresh, setFresh] = useState<HazardDetail | null>(null);
  const [acting, setActing] = useState<Action | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new id (reopen leads to a new hazard) drops the old answer.
  useEffect(() => setFresh(null), [id]);

  const detail = fresh?.hazard.id === id ? fresh : loaded.data;
  if (!detail && loaded.loading) return <PageLoading />;
  if (!detail) return <Alert type="error" showIcon title={loaded.error ?? '隐患不存在'} />;
  const { hazard: h } = detail;
  const back = () => (location.key === 'default' ? navigate('/hazards') : navigate(-1));

  const done = (next: HazardDetail) => {
    const label = acting?.label ?? '';
    setActing(null);
    message.success(`${label}：已完成`);
    if (next.hazard.id !== id) navigate(`/hazards/${next.hazard.id}`); // 复发重开 opens the new hazard
    setFresh(next);
  };

  const main = detail.availableActions.find((a) => !secondary.has(a.action) && !dangerous.has(a.action));
  const actions = (detail.availableActions.length > 0 || detail.canUrge) && (
    <div
      data-testid="action-bar"
      style={
        isMobile
          ? {
              position: 'sticky',
              bottom: 0,
              zIndex: 10,
              background: '#fff',
              padding: '8px 0',
              borderTop: '1px solid #f0f0f0',
              margin: '0 -12px',
              paddingInline: 12,
            }
          : { marginTop: 12 }
      }
    >
      <Space wrap size={8}>
        {detail.availableActions.map((a) => (
          <Button key={a.action} type={a === main ? 'primary' : 'default'} danger={dangerous.has(a.action)} onClick={() => setActing(a)}>
            {a.label}
          </Button>
        ))}
        {detail.canUrge && <UrgeButton hazardId={h.id} code={h.code} onDone={setFresh} />}
      </Space>
    </div>
  );

  return (
    <Card
      title={
        <Space>
          <Button type="text" icon={<ArrowLeftOutlined />} aria-label="返回隐患台账" onClick={back} />
          <span>隐患详情</span>
        </Space>
      }
      styles={{ body: { padding: isMobile ? 12 : 24 } }}
    >
      <HazardHeader hazard={h} />
      {!isMobile && actions}
      <Row gutter={[24, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={14}>
          <Section title="登记信息">
            <HazardFacts hazard={h} photos={detail.attachments} />
          </Section>
          <Section title="整改方案（五落实）">
            <HazardPlan hazard={h} />
          </Section>
        </Col>
        <Col xs={24} lg={10}>
          <Section title="处理过程">
            <HazardTimeline entries={detail.timeline} foundPhotos={detail.attachments} />
          </Section>
        </Col>
      </Row>
      {isMobile && actions}
      <HazardActionModal action={acting} hazard={h} isSchool={isSchoolRole(user.role)} onClose={() => setActing(null)} onDone={done} />
    </Card>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section style={{ marginBottom: 16 }}>
      <Typography.Title level={5} style={{ marginTop: 0, borderLeft: '3px solid #1f4e8c', paddingLeft: 8 }}>
        {title}
      </Typography.Title>
      {children}
    </section>
  );
}
