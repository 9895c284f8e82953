import { CameraOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Drawer, List, Space, Spin, Tabs, Tag, Timeline, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { hazardLevelLabels } from '../../../domain/hazard';
import { packRefLabel } from '../../../domain/policy/origin-label';
import { periodKindLabels } from '../../../domain/policy/pack-schema';
import { roleLabels } from '../../../domain/roles';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { formatTime, labelOf } from '../../lib/format';
import { useIsMobile } from '../../lib/useIsMobile';
import { LevelTags, TemplateOriginTag } from './checklistTags';
import { type ChecklistTemplate, categoryLabel, type PolicyPack, type TemplateItem } from './checklistTypes';

type Props = { code: string | null; pack: PolicyPack | undefined; onClose: () => void; onEdit?: (code: string) => void };

/** One template: its items and its versions; an older version opens read-only from the history. */
export function ChecklistDrawer({ code, pack, onClose, onEdit }: Props) {
  const isMobile = useIsMobile();
  const [version, setVersion] = useState<number | undefined>(undefined);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new template starts at its latest version.
  useEffect(() => setVersion(undefined), [code]);
  const detail = useLoad(
    () => (code ? api.get<ChecklistTemplate>(`/api/checklist-templates/${encodeURIComponent(code)}`, { version }) : Promise.resolve(undefined)),
    `${code}:${version ?? ''}`,
  );
  const t = detail.data;
  const latest = Math.max(t?.version ?? 0, ...(t?.versions ?? []).map((v) => v.version));
  const isOld = t !== undefined && t.version < latest;
  // A district pack's template that replaces the national one says so (the pack knows, the stored version does not).
  const overrides = pack?.checklists.find((c) => c.code === code)?.origin.overrides;

  return (
    <Drawer
      open={code !== null}
      onClose={onClose}
      size={isMobile ? '100%' : 720}
      title={t ? `${t.name}（v${t.version}）` : '检查表'}
      extra={
        onEdit &&
        code && (
          <Button type="primary" icon={<EditOutlined />} onClick={() => onEdit(code)}>
            编辑
          </Button>
        )
      }
      styles={{ body: { padding: isMobile ? 12 : 24 } }}
    >
      {detail.error && <Alert type="error" showIcon title={detail.error} />}
      {detail.loading && !t && <Spin />}
      {t && (
        <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="template-detail">
          {isOld && (
            <Alert
              type="info"
              showIcon
              title={`这是历史版本 v${t.version}，当前为 v${latest}`}
              action={
                <Button size="small" onClick={() => setVersion(undefined)}>
                  看当前版本
                </Button>
              }
            />
          )}
          <Descriptions size="small" column={1} bordered styles={{ label: { width: 76, whiteSpace: 'nowrap' } }}>
            <Descriptions.Item label="周期">{t.period ? labelOf(periodKindLabels, t.period) : '不定期'}</Descriptions.Item>
            <Descriptions.Item label="督查层级">
              <LevelTags levels={t.levels} pack={pack} />
            </Descriptions.Item>
            <Descriptions.Item label="来源">
              <Space size={[4, 4]} wrap>
                <TemplateOriginTag origin={t.origin} packRef={t.packRef} />
                {overrides && <Tag color="orange">覆盖{packRefLabel(overrides)}</Tag>}
              </Space>
            </Descriptions.Item>
            {t.source && <Descriptions.Item label="依据">{t.source}</Descriptions.Item>}
            {t.report && (
              <Descriptions.Item label="上报">
                {t.report.label}：检查后 {t.report.withinDays} 日内由{labelOf(roleLabels, t.report.signerRole)}签字上报
              </Descriptions.Item>
            )}
            {t.description && <Descriptions.Item label="说明">{t.description}</Descriptions.Item>}
          </Descriptions>
          <Tabs
            items={[
              { key: 'items', label: `检查项（${t.items.filter((i) => !i.retired).length}）`, children: <ItemList items={t.items} pack={pack} /> },
              {
                key: 'versions',
                label: '版本记录',
                children: <VersionHistory template={t} current={t.version} onPick={(v) => setVersion(v === latest ? undefined : v)} />,
              },
            ]}
          />
        </Space>
      )}
    </Drawer>
  );
}

export function ItemList({ items, pack }: { items: TemplateItem[]; pack: PolicyPack | undefined }) {
  return (
    <List<TemplateItem>
      size="small"
      dataSource={items}
      renderItem={(item, i) => (
        <List.Item key={item.code} style={{ display: 'block', padding: '8px 0' }} data-testid="template-item">
          <div style={{ textDecoration: item.retired ? 'line-through' : undefined, color: item.retired ? 'rgba(0,0,0,0.45)' : undefined }}>
            <Typography.Text type="secondary">{i + 1}. </Typography.Text>
            {item.text}
          </div>
          <Space size={[4, 4]} wrap style={{ marginTop: 4 }}>
            <Tag style={{ marginInlineEnd: 0 }}>{item.categoryLabel ?? categoryLabel(pack, item.category)}</Tag>
            {item.place && <Tag style={{ marginInlineEnd: 0 }}>{item.place}</Tag>}
            <Tag color={item.failLevel === 'major' ? 'red' : 'default'} style={{ marginInlineEnd: 0 }}>
              不合格：{hazardLevelLabels[item.failLevel] ?? item.failLevel}隐患
            </Tag>
            {item.photoRequiredOnFail && (
              <Tag icon={<CameraOutlined />} style={{ marginInlineEnd: 0 }}>
                不合格须拍照
              </Tag>
            )}
            {item.retired && <Tag style={{ marginInlineEnd: 0 }}>已停用</Tag>}
          </Space>
          {item.guidance && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 0' }}>
              检查要点：{item.guidance}
            </Typography.Paragraph>
          )}
        </List.Item>
      )}
    />
  );
}

function VersionHistory({ template, current, onPick }: { template: ChecklistTemplate; current: number; onPick: (v: number) => void }) {
  const versions = [...(template.versions ?? [])].sort((a, b) => b.version - a.version);
  if (versions.length === 0) return <Typography.Text type="secondary">只有当前版本 v{template.version}</Typography.Text>;
  return (
    <Timeline
      items={versions.map((v) => ({
        key: v.version,
        color: v.version === current ? 'blue' : 'gray',
        content: (
          <Space orientation="vertical" size={2} data-testid="template-version-row">
            <Space size={6} wrap>
              <Typography.Link strong={v.version === current} onClick={() => onPick(v.version)}>
                v{v.version}
              </Typography.Link>
              <TemplateOriginTag origin={v.origin} packRef={v.packRef} />
              {v.version === current && <Tag color="blue">正在查看</Tag>}
            </Space>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatTime(v.createdAt)}
              {v.createdByName ? ` · ${v.createdByName}` : ''}
            </Typography.Text>
          </Space>
        ),
      }))}
    />
  );
}
