import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, List, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useNavigate, useSearchParams } from 'react-router';
import { periodKindLabels } from '../../../domain/policy/pack-schema';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { useCurrentUser } from '../../auth/AuthContext';
import { formatDate, labelOf } from '../../lib/format';
import { useIsMobile } from '../../lib/useIsMobile';
import { ChecklistDrawer } from './ChecklistDrawer';
import { LevelTags, TemplateOriginTag } from './checklistTags';
import { type ChecklistTemplateSummary, type PolicyPack, usePolicyPack } from './checklistTypes';

function columns(pack: PolicyPack | undefined): ColumnsType<ChecklistTemplateSummary> {
  return [
    {
      title: '检查表',
      dataIndex: 'name',
      width: 220,
      render: (name: string, t) => <Typography.Link data-code={t.code}>{name}</Typography.Link>,
    },
    { title: '周期', dataIndex: 'period', width: 80, render: (p: string | null) => (p ? labelOf(periodKindLabels, p) : '不定期') },
    { title: '督查层级', dataIndex: 'levels', render: (levels: string[]) => <LevelTags levels={levels} pack={pack} /> },
    { title: '检查项', dataIndex: 'itemCount', width: 72, align: 'right' },
    { title: '版本', dataIndex: 'version', width: 64, align: 'right', render: (v: number) => <span data-testid="template-version">v{v}</span> },
    { title: '来源', dataIndex: 'origin', width: 230, render: (_: unknown, t) => <TemplateOriginTag origin={t.origin} packRef={t.packRef} /> },
    { title: '更新', dataIndex: 'createdAt', width: 110, render: (d: string) => formatDate(d) },
  ];
}

export default function ChecklistsPage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const [searchParams, setSearchParams] = useSearchParams();
  const openCode = searchParams.get('open');
  const pack = usePolicyPack();
  const list = useLoad(() => api.get<{ items: ChecklistTemplateSummary[] }>('/api/checklist-templates').then((r) => r.items), 'templates');
  const canEdit = user.role === 'district_admin';
  const open = (code: string | null) => setSearchParams(code ? { open: code } : {});

  const extra = (
    <Button icon={<SafetyCertificateOutlined />} onClick={() => navigate('/policy')}>
      政策包
    </Button>
  );

  return (
    <Card title="检查表" extra={extra} styles={{ body: { padding: isMobile ? 8 : 24 } }}>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Typography.Text type="secondary">
          日巡查、周检查、月排查和各级督查使用的检查表，来自政策包{canEdit ? '；区教委可按本区要求修改，修改后生成新版本，已做的检查保留原版本。' : '。'}
        </Typography.Text>
        {list.error && <Alert type="error" showIcon title={list.error} />}
        {pack.error && <Alert type="warning" showIcon title={`政策包读取失败：${pack.error}`} />}
        {isMobile ? (
          <List<ChecklistTemplateSummary>
            loading={list.loading}
            dataSource={list.data ?? []}
            renderItem={(t) => (
              <List.Item
                key={t.code}
                data-testid={`template-${t.code}`}
                onClick={() => open(t.code)}
                style={{ cursor: 'pointer', display: 'block', padding: '10px 4px' }}
              >
                <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
                  <Typography.Text strong>{t.name}</Typography.Text>
                  <span data-testid="template-version">v{t.version}</span>
                </Space>
                <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)', margin: '2px 0 6px' }}>
                  {t.period ? labelOf(periodKindLabels, t.period) : '不定期'} · {t.itemCount} 项 · {formatDate(t.createdAt)}
                </div>
                <Space size={[4, 4]} wrap>
                  <TemplateOriginTag origin={t.origin} packRef={t.packRef} />
                  <LevelTags levels={t.levels} pack={pack.data} />
                </Space>
              </List.Item>
            )}
          />
        ) : (
          <Table<ChecklistTemplateSummary>
            rowKey="code"
            size="middle"
            loading={list.loading}
            dataSource={list.data ?? []}
            columns={columns(pack.data)}
            pagination={false}
            onRow={(t) => ({ onClick: () => open(t.code), style: { cursor: 'pointer' } })}
          />
        )}
      </Space>
      <ChecklistDrawer
        code={openCode}
        pack={pack.data}
        onClose={() => open(null)}
        onEdit={canEdit ? (code) => navigate(`/checklists/${code}/edit`) : undefined}
      />
    </Card>
  );
}
