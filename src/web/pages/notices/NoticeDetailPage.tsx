import { ArrowLeftOutlined, CheckOutlined, DownloadOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { ApiError, api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import type { NoticeDetail } from '../../api/types';
import { AttachmentList } from '../../components/AttachmentList';
import { PageLoading } from '../../components/PageState';
import { SchoolLink } from '../../components/SchoolLink';
import { messageOf } from '../../lib/errors';
import { formatTime } from '../../lib/format';
import { useIsMobile } from '../../lib/useIsMobile';
import { StateTag } from '../hazards/hazardTags';
import { NoticeReplyModal } from './NoticeReplyModal';
import { NoticeStateTags } from './NoticeTags';

type ListedHazard = NoticeDetail['hazards'][number];

export default function NoticeDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const loaded = useLoad(() => api.get<NoticeDetail>(`/api/notices/${id}`), id);
  const [fresh, setFresh] = useState<NoticeDetail | null>(null);
  const [busy, setBusy] = useState<'ack' | 'pdf' | null>(null);
  const [replyOpen, setReplyOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const detail = fresh?.notice.id === id ? fresh : loaded.data;
  if (!detail && loaded.loading) return <PageLoading />;
  if (!detail) return <Alert type="error" showIcon title={loaded.error ?? '整改通知书不存在'} />;
  const n = detail.notice;
  const back = () => (location.key === 'default' ? navigate('/notices') : navigate(-1));
  const fail = (err: unknown) => setError(`${err instanceof ApiError ? `[${err.code}] ` : ''}${messageOf(err)}`);

  const acknowledge = async () => {
    setBusy('ack');
    setError(null);
    try {
      setFresh(await api.post<NoticeDetail>(`/api/notices/${id}/acknowledge`));
      message.success('已签收');
    } catch (err) {
      fail(err);
    } finally {
      setBusy(null);
    }
  };

  const pdf = async () => {
    setBusy('pdf');
    try {
      await api.download(`/api/notices/${id}/pdf`, {}, `整改通知书-${n.number}.pdf`);
    } catch (err) {
      message.error(messageOf(err));
    } finally {
      setBusy(null);
    }
  };

  const buttons = (
    <Space wrap>
      {detail.canAcknowledge && (
        <Button type="primary" icon={<CheckOutlined />} loading={busy === 'ack'} onClick={acknowledge}>
          签收
        </Button>
      )}
      {detail.canReply && (
        <Button type="primary" icon={<EditOutlined />} onClick={() => setReplyOpen(true)}>
          回执
        </Button>
      )}
      <Button icon={<DownloadOutlined />} loading={busy === 'pdf'} onClick={pdf}>
        下载 PDF
      </Button>
    </Space>
  );

  const items = [
    { key: 'school', label: '受文学校', children: <SchoolLink id={n.schoolId} name={n.schoolName} /> },
    { key: 'issuer', label: '下达单位', children: `${n.issuerUnitName}（${n.issuerKindLabel}）` },
    { key: 'issuerName', label: '下达人', children: n.issuerName },
    { key: 'issuedAt', label: '下达时间', children: formatTime(n.issuedAt) },
    { key: 'deadline', label: '整改期限', children: <span style={n.overdue ? { color: '#cf1322', fontWeight: 600 } : undefined}>{n.deadline}</span> },
    { key: 'state', label: '状态', children: <NoticeStateTags notice={n} /> },
    { key: 'requirements', label: '整改要求', span: 'filled' as const, children: <span style={{ whiteSpace: 'pre-wrap' }}>{n.requirements || '—'}</span> },
    { key: 'ack', label: '签收', children: n.acknowledgedAt ? `${n.acknowledgedByName ?? ''} ${formatTime(n.acknowledgedAt)}` : '未签收' },
    { key: 'reply', label: '回执', children: n.repliedAt ? `${n.repliedByName ?? ''} ${formatTime(n.repliedAt)}` : '未回执' },
    ...(n.repliedAt
      ? [
          {
            key: 'replyText',
            label: '回执内容',
            span: 'filled' as const,
            children: (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <span style={{ whiteSpace: 'pre-wrap' }}>{n.replyText}</span>
                <AttachmentList files={detail.attachments} />
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      title={
        <Space>
          <Button type="text" icon={<ArrowLeftOutlined />} aria-label="返回整改通知书列表" onClick={back} />
          <span>整改通知书</span>
        </Space>
      }
      extra={isMobile ? undefined : buttons}
      styles={{ body: { padding: isMobile ? 12 : 24 } }}
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="notice-number">
          {n.number}
        </Typography.Title>
        {isMobile && buttons}
        {error && <Alert type="error" showIcon title={error} />}
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} items={items} />
        <Typography.Title level={5} style={{ margin: 0 }}>
          所列隐患（{detail.hazards.length}）
        </Typography.Title>
        <Table<ListedHazard>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={detail.hazards}
          scroll={isMobile ? undefined : { x: 700 }}
          columns={[
            { title: '编号', dataIndex: 'code', key: 'code', width: 130, render: (v: string, h) => <Link to={`/hazards/${h.id}`}>{v}</Link> },
            {
              title: '隐患',
              dataIndex: 'title',
              key: 'title',
              render: (v: string, h) => <Link to={`/hazards/${h.id}`}>{isMobile ? v : `${v}（${h.place}）`}</Link>,
            },
            { title: '状态', dataIndex: 'state', key: 'state', width: 90, render: (_: unknown, h) => <StateTag state={h.state} /> },
            ...(isMobile ? [] : [{ title: '整改期限', dataIndex: 'deadline', key: 'deadline', width: 110, render: (v: string | null) => v ?? '—' }]),
          ]}
        />
      </Space>
      <NoticeReplyModal
        open={replyOpen}
        noticeId={id}
        schoolId={n.schoolId}
        onClose={() => setReplyOpen(false)}
        onDone={(d) => {
          setReplyOpen(false);
          setFresh(d);
          message.success('已提交回执');
        }}
      />
    </Card>
  );
}
