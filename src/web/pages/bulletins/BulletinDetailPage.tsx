import { ArrowLeftOutlined, DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { type BulletinAction, type BulletinLinkType, bulletinActionLabels, bulletinLinkTypeLabels } from '../../../domain/bulletin';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { PageLoading } from '../../components/PageState';
import { messageOf } from '../../lib/errors';
import { formatTime } from '../../lib/format';
import { NoteModal, Timeline } from './NoteModal';
import type { BulletinDetail } from './types';

const paths: Record<BulletinAction, string> = { acknowledge: 'acknowledge', follow_up: 'follow-up', return: 'return', close: 'close', revoke: 'revoke' };
const noteLabels: Record<BulletinAction, string> = {
  acknowledge: '整改措施和落实情况',
  follow_up: '跟进情况',
  return: '退回理由',
  close: '办结意见',
  revoke: '撤销理由',
};

/** One bulletin: its reason and figures, the rows it cites, the unit's response and the follow-up, with the step the user may take. */
export default function BulletinDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const loaded = useLoad(() => api.get<BulletinDetail>(`/api/bulletins/${id}`), id);
  const [fresh, setFresh] = useState<BulletinDetail | null>(null);
  const [acting, setActing] = useState<BulletinAction | null>(null);
  const detail = fresh?.bulletin.id === id ? fresh : loaded.data;
  if (!detail && loaded.loading) return <PageLoading />;
  if (!detail) return <Alert type="error" showIcon title={loaded.error ?? '通报不存在'} />;
  const b = detail.bulletin;
  const t = b.triggerData;
  const pdf = () => api.download(`/api/bulletins/${id}/pdf`, {}, `${b.kindLabel}-${b.number}.pdf`).catch((err) => message.error(messageOf(err)));
  return (
    <Card
      title={
        <Space>
          <Button type="text" icon={<ArrowLeftOutlined />} aria-label="返回列表" onClick={() => navigate('/bulletins')} />
          <span>{b.kindLabel}</span>
        </Space>
      }
      extra={
        <Space wrap>
          {detail.actions.map((a) => (
            <Button key={a} type={a === 'acknowledge' || a === 'close' ? 'primary' : 'default'} danger={a === 'revoke'} onClick={() => setActing(a)}>
              {bulletinActionLabels[a]}
            </Button>
          ))}
          <Button icon={<DownloadOutlined />} onClick={pdf}>
            打印 PDF
          </Button>
        </Space>
      }
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="bulletin-number">
          {b.number}　{b.title}
        </Typography.Title>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'unit', label: '被通报单位', children: b.unitName },
            { key: 'issuer', label: '发出单位', children: `${b.issuerUnitName}（${b.issuerName}）` },
            { key: 'at', label: '发出时间', children: formatTime(b.issuedAt) },
            {
              key: 'state',
              label: '状态',
              children: (
                <Space size={4}>
                  <Tag data-testid="bulletin-state">{b.stateLabel}</Tag>
                  {b.overdue && <Tag color="red">逾期未反馈</Tag>}
                </Space>
              ),
            },
            { key: 'respondBy', label: '反馈期限', children: b.respondBy ?? '—' },
            { key: 'ack', label: '签收', children: b.acknowledgedAt ? `${b.acknowledgedByName ?? ''} ${formatTime(b.acknowledgedAt)}` : '未签收' },
            { key: 'reason', label: '事由', span: 'filled' as const, children: <span style={{ whiteSpace: 'pre-wrap' }}>{b.reason}</span> },
            ...(t
              ? [
                  {
                    key: 'data',
                    label: '发出时的数据',
                    span: 'filled' as const,
                    children: `截至 ${t.asOf}：未销号隐患 ${t.open} 项，逾期 ${t.overdue} 项，重大 ${t.major} 项，挂牌督办 ${t.listed} 项`,
                  },
                ]
              : []),
            { key: 'req', label: '整改要求', span: 'filled' as const, children: <span style={{ whiteSpace: 'pre-wrap' }}>{b.requirements || '—'}</span> },
            ...(b.response
              ? [{ key: 'resp', label: '单位反馈', span: 'filled' as const, children: <span style={{ whiteSpace: 'pre-wrap' }}>{b.response}</span> }]
              : []),
          ]}
        />
        <Typography.Title level={5} style={{ margin: 0 }}>
          引用的记录（{detail.links.length}）
        </Typography.Title>
        <Table
          rowKey={(l) => `${l.refType}:${l.refId}:${l.refKey}`}
          size="small"
          pagination={false}
          dataSource={detail.links}
          columns={[
            { title: '类型', dataIndex: 'refType', width: 130, render: (v: BulletinLinkType) => bulletinLinkTypeLabels[v] ?? v },
            {
              title: '记录',
              dataIndex: 'label',
              render: (v: string, l) => <Link to={linkOf(l)}>{v}</Link>,
            },
            { title: '发出时的情况', dataIndex: 'detail' },
          ]}
        />
        <Typography.Title level={5} style={{ margin: 0 }}>
          办理记录
        </Typography.Title>
        <Timeline entries={detail.timeline} />
      </Space>
      <NoteModal
        open={acting !== null}
        title={acting ? bulletinActionLabels[acting] : ''}
        label={acting ? noteLabels[acting] : ''}
        required
        onCancel={() => setActing(null)}
        onSubmit={async (note) => {
          if (!acting) return;
          setFresh(await api.post<BulletinDetail>(`/api/bulletins/${id}/${paths[acting]}`, { note }));
          setActing(null);
          message.success('已提交');
        }}
      />
    </Card>
  );
}

/** Where a cited row opens: the hazard, the task, the report of that unit and period, the school's compliance calendar. */
function linkOf(l: { refType: BulletinLinkType; refId: string; refKey: string }) {
  const [code = '', period = ''] = l.refKey.split(':');
  if (l.refType === 'hazard') return `/hazards/${l.refId}`;
  if (l.refType === 'meeting_task') return `/meeting-tasks/${l.refId}`;
  if (l.refType === 'report') return `/reports/draft?${new URLSearchParams({ typeCode: code, periodKey: period, unitId: l.refId })}`;
  return `/compliance-calendar?${new URLSearchParams({ schoolId: l.refId, range: 'semester' })}`;
}
