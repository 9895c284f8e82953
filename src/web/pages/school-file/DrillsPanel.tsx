import { List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { PanelProps } from './schoolFileTypes';

type Detail = {
  semester: { label: string; start: string; end: string };
  byType: { code: string; label: string; count: number }[];
  latest: { id: string; drilledOn: string; typeLabel: string; slowCount: number } | null;
};

/** 应急演练 this semester by type (the server's drills panel), each type linking to its list; types not yet drilled in grey. */
export function DrillsPanel({ school, panel }: PanelProps) {
  const d = panel.detail as Detail | undefined;
  if (!d) return null;
  const link = (type?: string) =>
    `/drills?${new URLSearchParams({ schoolId: school.id, status: 'submitted', from: d.semester.start, to: d.semester.end, ...(type ? { type } : {}) })}`;
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Link to={link()}>在应急演练中查看（{d.semester.label}）</Link>
      {d.latest && (
        <Typography.Text type="secondary">
          最近一次：
          <Link to={`/drills/${d.latest.id}`}>
            {d.latest.drilledOn} {d.latest.typeLabel}
          </Link>
          {d.latest.slowCount > 0 && (
            <Tag color="red" style={{ marginInlineStart: 6 }}>
              {d.latest.slowCount} 栋疏散超时
            </Tag>
          )}
        </Typography.Text>
      )}
      <List
        size="small"
        dataSource={d.byType}
        renderItem={(t) => (
          <List.Item extra={t.count > 0 ? <Link to={link(t.code)}>{t.count} 次</Link> : <Typography.Text type="secondary">未开展</Typography.Text>}>
            {t.label}
          </List.Item>
        )}
      />
    </Space>
  );
}
