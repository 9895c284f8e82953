import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Popconfirm, Progress, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { PageLoading } from '../../components/PageState';
import { SchoolLink } from '../../components/SchoolLink';
import { messageOf } from '../../lib/errors';
import { EditCampaignDrawer } from './CreateCampaignDrawer';
import { type CampaignProgress, cellColor, type DepartmentPhaseRow, type PhaseProgress, type SchoolPhaseRow, stateColor } from './campaignApi';

/**
 * 专项行动进度: per phase, each duty's completion over the taking-part schools in the user's scope,
 * the hazards target, each township/centre, and the laggards (a running phase: not done yet; an ended
 * one: missed). A school sees its own row only. The numbers are getCampaignProgress's, as in the Excel.
 */
export default function CampaignProgressPage() {
  const { id = '' } = useParams();
  const { message } = App.useApp();
  const p = useLoad(() => api.get<CampaignProgress>(`/api/campaigns/${id}/progress`), `progress:${id}`);
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState(false);
  if (p.loading && !p.data) return <PageLoading />;
  if (!p.data) return <Card>{p.error}</Card>;
  const { campaign: c } = p.data;
  const close = () =>
    api
      .post(`/api/campaigns/${id}/close`, { baseVersion: c.version })
      .then(() => {
        message.success('专项行动已结束');
        p.reload();
      })
      .catch((e) => message.error(messageOf(e)));
  const exportExcel = async () => {
    setBusy(true);
    try {
      await api.download(`/api/campaigns/${id}/progress/export`, {}, '专项行动进度.xlsx');
    } catch (e) {
      message.error(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const running = p.data.phases.find((x) => x.state === 'running');
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            {c.name}
            <Tag color={c.running ? 'blue' : undefined}>{c.statusLabel}</Tag>
          </Space>
        }
        extra={
          <Space>
            <Button icon={<DownloadOutlined />} loading={busy} onClick={exportExcel}>
              导出 Excel
            </Button>
            {c.canEdit && (
              <Button onClick={() => setEditing(true)} data-testid="campaign-edit">
                修改
              </Button>
            )}
            {c.canEdit && (
              <Popconfirm title="结束后不能再标记检查和隐患，确定结束？" onConfirm={close}>
                <Button danger>结束行动</Button>
              </Popconfirm>
            )}
          </Space>
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label="类型">{c.kindLabel}</Descriptions.Item>
          <Descriptions.Item label="起止日期">
            {c.startsOn} 至 {c.endsOn}
          </Descriptions.Item>
          <Descriptions.Item label="统计至">{p.data.today}</Descriptions.Item>
          <Descriptions.Item label="参与学校">{p.data.schoolCount} 所</Descriptions.Item>
          {p.data.departmentCount > 0 && <Descriptions.Item label="参与部门">{p.data.departmentCount} 个</Descriptions.Item>}
          <Descriptions.Item label="本行动的检查">
            <Link to={`/inspections?campaignId=${c.id}`} data-testid="campaign-inspections">
              {p.data.inspections} 次
            </Link>
          </Descriptions.Item>
          <Descriptions.Item label="本行动发现的隐患">
            <Link to={`/hazards?campaignId=${c.id}`} data-testid="campaign-hazards">
              {p.data.hazards.found} 条
            </Link>
            （已销号 {p.data.hazards.closed}，未销号 {p.data.hazards.open}）
          </Descriptions.Item>
        </Descriptions>
        {c.description && <Typography.Paragraph type="secondary">{c.description}</Typography.Paragraph>}
      </Card>
      {editing && (
        <EditCampaignDrawer
          campaign={c}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            p.reload();
          }}
        />
      )}
      <Tabs
        defaultActiveKey={running?.code ?? p.data.phases[0]?.code}
        items={p.data.phases.map((ph) => ({
          key: ph.code,
          label: (
            <span data-testid={`phase-tab-${ph.code}`}>
              {ph.label} <Tag color={stateColor[ph.state]}>{ph.stateLabel}</Tag>
            </span>
          ),
          children: <PhasePanel phase={ph} />,
        }))}
      />
    </Space>
  );
}

function PhasePanel({ phase: ph }: { phase: PhaseProgress }) {
  const dutyCols: ColumnsType<SchoolPhaseRow> = ph.duties.map((d, i) => ({
    title: d.label,
    key: d.code,
    width: 130,
    render: (_, r) => {
      const cell = r.duties[i];
      return cell ? (
        <Tag color={cellColor[cell.status]} data-testid={`cell-${d.code}`}>
          {cell.statusLabel}（{cell.count}）
        </Tag>
      ) : null;
    },
  }));
  const hazardCol: ColumnsType<SchoolPhaseRow> = ph.closeHazards
    ? [{ title: '本行动隐患（未销号）', key: 'h', width: 150, render: (_, r) => (r.hazards ? `${r.hazards.found}（${r.hazards.open}）` : '') }]
    : [];
  const schoolCols: ColumnsType<SchoolPhaseRow> = [
    { title: '学校', key: 's', width: 200, render: (_, r) => <SchoolLink id={r.schoolId} name={r.schoolName} /> },
    { title: '街道/教管中心', dataIndex: 'parentName', width: 140 },
    ...dutyCols,
    ...hazardCol,
  ];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small" title={`${ph.startsOn} 至 ${ph.endsOn}`}>
        {ph.description && <Typography.Paragraph>{ph.description}</Typography.Paragraph>}
        <Space wrap size={24}>
          {ph.duties.map((d) => (
            <div key={d.code} style={{ width: 240 }} data-testid={`duty-${d.code}`}>
              <div>
                {d.label}（{d.kindLabel}，每校至少 {d.min} 次）：{d.done}/{d.total} 所
              </div>
              <Progress percent={d.rate ?? 0} size="small" format={() => (d.rate === null ? '—' : `${d.rate}%`)} />
            </div>
          ))}
          {ph.hazards && (
            <div style={{ width: 260 }}>
              本行动隐患阶段结束前销号：发现 {ph.hazards.found} 条，按期销号 {ph.hazards.closedInTime} 条，未销号{' '}
              <Typography.Text type={ph.hazards.open ? 'danger' : undefined}>{ph.hazards.open}</Typography.Text> 条
            </div>
          )}
          {ph.done !== null && (
            <div style={{ width: 200 }}>
              本阶段全部完成：{ph.done}/{ph.schools} 所
              <Progress percent={ph.rate ?? 0} size="small" format={() => (ph.rate === null ? '—' : `${ph.rate}%`)} />
            </div>
          )}
          {ph.done === null && <Typography.Text type="secondary">本阶段没有计数的任务</Typography.Text>}
        </Space>
      </Card>
      {ph.units.length > 1 && (
        <Card size="small" title="各街道/教管中心">
          <Table
            rowKey={(u) => u.unitId ?? ''}
            size="small"
            pagination={false}
            dataSource={ph.units}
            columns={[
              { title: '街道/教管中心', dataIndex: 'unitName' },
              { title: '参与学校', dataIndex: 'schools', width: 100 },
              { title: '已完成', dataIndex: 'done', width: 100 },
              { title: '滞后', dataIndex: 'lagging', width: 100 },
              { title: '完成率', dataIndex: 'rate', width: 100, render: (v: number | null) => (v === null ? '—' : `${v}%`) },
            ]}
          />
        </Card>
      )}
      <Card size="small" title={`滞后单位（${ph.laggards.length}）`} data-testid="laggards">
        <Table
          rowKey="schoolId"
          size="small"
          dataSource={ph.laggards}
          columns={schoolCols}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 700 }}
        />
      </Card>
      <DepartmentsCard phase={ph} />
      <Card size="small" title={`全部参与学校（${ph.rows.length}）`}>
        <Table
          rowKey="schoolId"
          size="small"
          dataSource={ph.rows}
          columns={[
            ...schoolCols,
            {
              title: '本阶段',
              key: 'd',
              width: 90,
              render: (_, r) => (ph.state === 'upcoming' ? '未开始' : r.done ? <Tag color="green">完成</Tag> : <Tag color="red">未完成</Tag>),
            },
          ]}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 700 }}
        />
      </Card>
    </Space>
  );
}

/** The phase's department duties: each taking-part department's records (its own, or its people's). */
function DepartmentsCard({ phase: ph }: { phase: PhaseProgress }) {
  if (!ph.departmentDuties.length) return null;
  const cols: ColumnsType<DepartmentPhaseRow> = [
    { title: '部门', dataIndex: 'unitName', width: 200 },
    ...ph.departmentDuties.map((d, i) => ({
      title: d.label,
      key: d.code,
      width: 140,
      render: (_: unknown, r: DepartmentPhaseRow) => {
        const cell = r.duties[i];
        return cell ? <Tag color={cellColor[cell.status]}>{`${cell.statusLabel}（${cell.count}）`}</Tag> : null;
      },
    })),
    {
      title: '本阶段',
      key: 'd',
      width: 90,
      render: (_: unknown, r: DepartmentPhaseRow) =>
        ph.state === 'upcoming' ? '未开始' : r.done ? <Tag color="green">完成</Tag> : <Tag color="red">未完成</Tag>,
    },
  ];
  return (
    <Card size="small" title={`参与部门（${ph.departments.length}，滞后 ${ph.departmentLaggards.length}）`} data-testid="campaign-departments">
      <Space wrap size={24} style={{ marginBottom: 8 }}>
        {ph.departmentDuties.map((d) => (
          <div key={d.code} style={{ width: 260 }}>
            <div>
              {d.label}（{d.kindLabel}，每个部门至少 {d.min} 次）：{d.done}/{d.total} 个
            </div>
            <Progress percent={d.rate ?? 0} size="small" format={() => (d.rate === null ? '—' : `${d.rate}%`)} />
          </div>
        ))}
      </Space>
      <Table rowKey="unitId" size="small" dataSource={ph.departments} columns={cols} pagination={false} scroll={{ x: 600 }} />
    </Card>
  );
}
