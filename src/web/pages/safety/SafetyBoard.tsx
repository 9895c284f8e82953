import { BellOutlined, DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Popconfirm, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { messageOf } from '../../lib/errors';
import { useIsMobile } from '../../lib/useIsMobile';
import { type Board, type BoardRow, type SafetyPeriod, statusColors } from './safetyApi';

const REFRESH_MS = 30_000;
const time = (iso: string | null) =>
  iso
    ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
    : '';

/** The live board of one period: who has not reported today first, the one-tap chase, Excel, close. */
export function SafetyBoard({ period, canClose, onClosed }: { period: SafetyPeriod; canClose: boolean; onClosed: () => void }) {
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [day, setDay] = useState<string | undefined>(undefined);
  const board = useLoad(() => api.get<Board>(`/api/safety-periods/${period.id}/board`, { day }), `${period.id}:${day ?? ''}`);
  const [busy, setBusy] = useState(false);
  // Live: the board reloads every 30 seconds while the page is open.
  useEffect(() => {
    const t = setInterval(() => board.reload(), REFRESH_MS);
    return () => clearInterval(t);
  }, [board.reload]);
  const b = board.data;
  const chase = async () => {
    setBusy(true);
    try {
      const r = await api.post<{ schools: number; notified: number; unreachable: number }>(`/api/safety-periods/${period.id}/chase`);
      message.success(
        `已催报 ${r.schools} 所学校，发出 ${r.notified} 条提醒${r.unreachable ? `；${r.unreachable} 所学校没有校长或安全干部账号，请电话联系` : ''}`,
      );
      board.reload();
    } catch (e) {
      message.error(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const close = async () => {
    try {
      await api.post(`/api/safety-periods/${period.id}/close`);
      message.success('已结束该时段');
      onClosed();
    } catch (e) {
      message.error(messageOf(e));
    }
  };
  const notReported = b ? b.summary.pending + b.summary.missing : 0;
  return (
    <Card
      size="small"
      title={`${period.title}（${period.startsOn} 至 ${period.endsOn}，每日 ${period.cutoffTime} 前）`}
      extra={
        <Space wrap>
          <DatePicker
            allowClear
            value={day ? dayjs(day) : null}
            placeholder="今天"
            disabledDate={(d) => d.format('YYYY-MM-DD') < period.startsOn || d.format('YYYY-MM-DD') > period.endsOn}
            onChange={(d) => setDay(d ? d.format('YYYY-MM-DD') : undefined)}
          />
          <Button icon={<ReloadOutlined />} onClick={() => board.reload()} />
          <Button
            icon={<DownloadOutlined />}
            onClick={() => api.download(`/api/safety-periods/${period.id}/board.xlsx`, { day }, '报平安.xlsx').catch((e) => message.error(messageOf(e)))}
          >
            导出 Excel
          </Button>
          {canClose && !period.closedAt && (
            <Popconfirm title="提前结束该时段？结束后学校不再报平安。" onConfirm={close}>
              <Button>结束时段</Button>
            </Popconfirm>
          )}
        </Space>
      }
    >
      {board.error && <Alert type="error" showIcon message={board.error} />}
      {b && (
        <>
          <Space wrap size={isMobile ? 16 : 40} style={{ marginBottom: 12 }}>
            <Statistic title={`${b.day} 应报`} value={b.summary.total} suffix="所" />
            <Statistic title="平安" value={b.summary.safe} valueStyle={{ color: '#389e0d' }} />
            <Statistic title="异常" value={b.summary.exception} valueStyle={{ color: '#cf1322' }} />
            <div data-testid="not-reported" data-value={notReported}>
              <Statistic title="未报" value={notReported} valueStyle={{ color: notReported ? '#d46b08' : undefined }} />
            </div>
            <Statistic title="迟报" value={b.summary.late} />
            {b.canChase && (
              <Popconfirm title={`给 ${notReported} 所未报学校发提醒？`} onConfirm={chase} disabled={!notReported}>
                <Button type="primary" icon={<BellOutlined />} loading={busy} disabled={!notReported}>
                  一键催报（{notReported}）
                </Button>
              </Popconfirm>
            )}
          </Space>
          <Table<BoardRow>
            rowKey="schoolId"
            size="small"
            loading={board.loading}
            dataSource={b.rows}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            scroll={{ x: 900 }}
            columns={[
              { title: '学校', dataIndex: 'schoolName', render: (v, r) => <Link to={`/schools/${r.schoolId}`}>{v}</Link> },
              { title: '街道/教管中心', dataIndex: 'parentName', responsive: ['md'] },
              { title: '状态', dataIndex: 'status', render: (s: BoardRow['status'], r) => <Tag color={statusColors[s]}>{r.statusLabel}</Tag> },
              { title: '报送时间', dataIndex: 'reportedAt', render: (v: string | null, r) => `${time(v)}${r.late ? '（迟报）' : ''}` },
              { title: '报送人', dataIndex: 'reportedByName', responsive: ['md'] },
              { title: '异常/说明', dataIndex: 'note', render: (v: string, r) => (r.caseId ? <Link to={`/cases/${r.caseId}`}>{r.caseCode}</Link> : v) },
              { title: '本时段迟报', dataIndex: 'periodLate', align: 'right' },
              { title: '本时段未报', dataIndex: 'periodMissing', align: 'right' },
            ]}
          />
          <Typography.Text type="secondary">每 30 秒自动刷新；“未报”先列出。</Typography.Text>
        </>
      )}
    </Card>
  );
}
