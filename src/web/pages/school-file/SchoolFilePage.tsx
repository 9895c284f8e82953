import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Row, Space, Tabs, Typography } from 'antd';
import { useLocation, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { PageLoading } from '../../components/PageState';
import { formatTime } from '../../lib/format';
import { useIsMobile } from '../../lib/useIsMobile';
import { SchoolView } from '../schools/SchoolView';
import { PanelCounts } from './PanelCounts';
import { panelTabs } from './panels';
import type { PanelSummary, SchoolFile } from './schoolFileTypes';

/**
 * 一校一档: one school's file, read-only. The overview shows the profile and every panel's
 * figures (each opens its filtered list); then one tab per registered panel. Editing is on
 * /schools/:id/edit, offered to those the server lets change the school.
 */
export default function SchoolFilePage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const isMobile = useIsMobile();
  const file = useLoad(() => api.get<SchoolFile>(`/api/schools/${id}/file`), id);

  if (file.loading && !file.data) return <PageLoading />;
  if (file.error || !file.data) return <Alert type="error" showIcon title={file.error ?? '学校不存在'} />;
  const { school, canEdit, panels } = file.data;
  const back = () => (location.key === 'default' ? navigate('/schools') : navigate(-1));

  const overview = (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <SchoolView school={school} />
      <Row gutter={[24, 16]}>
        {panels.map((p) => (
          <Col key={p.key} xs={24} xl={12}>
            <PanelOverview panel={p} />
          </Col>
        ))}
      </Row>
      <Typography.Text type="secondary">最后更新：{formatTime(school.updatedAt)}</Typography.Text>
    </Space>
  );
  const tabs = [
    { key: 'overview', label: '概况', children: overview },
    ...panels.flatMap((p) => {
      const Tab = panelTabs[p.key];
      return Tab ? [{ key: p.key, label: p.title, children: <Tab school={school} panel={p} /> }] : [];
    }),
  ];

  return (
    <Card
      data-testid="school-file"
      title={
        <Space>
          <Button type="text" icon={<ArrowLeftOutlined />} aria-label="返回" onClick={back} />
          <span>{school.name}</span>
          {!isMobile && <Typography.Text type="secondary">一校一档</Typography.Text>}
        </Space>
      }
      extra={
        canEdit && (
          <Button icon={<EditOutlined />} onClick={() => navigate(`/schools/${school.id}/edit`)}>
            编辑档案
          </Button>
        )
      }
      styles={{ body: { padding: isMobile ? 8 : 24, paddingTop: 0 } }}
    >
      <Tabs
        activeKey={new URLSearchParams(location.search).get('tab') ?? 'overview'}
        onChange={(k) => navigate({ search: k === 'overview' ? '' : `?tab=${k}` }, { replace: true })}
        items={tabs}
      />
    </Card>
  );
}

function PanelOverview({ panel }: { panel: PanelSummary }) {
  return (
    <div data-testid={`file-panel-${panel.key}`}>
      <Typography.Title level={5} style={{ marginTop: 0, fontSize: 15 }}>
        {panel.title}
      </Typography.Title>
      <PanelCounts counts={panel.counts} testIdPrefix={`file-${panel.key}`} />
    </div>
  );
}
