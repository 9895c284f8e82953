import { CheckCircleOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Input, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import type { Attachment } from '../../api/types';
import { PageLoading } from '../../components/PageState';
import { PhotoUpload } from '../../components/PhotoUpload';
import { messageOf } from '../../lib/errors';
import { clock, currentPosition, type Slot, type Today, weekdayNames } from './guardApi';

/** Today's duty, one card a slot, built for a 375 px phone: one big button signs in with the position. */
export function TodayTab() {
  const data = useLoad(() => api.get<Today>('/api/guard-duty/today'), 'today');
  if (data.loading && !data.data) return <PageLoading />;
  if (data.error) return <Alert type="error" title={data.error} />;
  const d = data.data as Today;
  const signed = d.slots.filter((s) => s.signIn).length;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card size="small">
        <Typography.Text data-testid="guard-today-summary">
          {d.today} 今日到岗 {signed}/{d.slots.length}
          {d.unsigned ? (
            <Tag color="orange" style={{ marginLeft: 8 }}>
              本人待签到 {d.unsigned}
            </Tag>
          ) : null}
        </Typography.Text>
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            签到时与岗位的距离超过 {d.policy.signInToleranceMeters} 米记为“不在岗位范围”，时段开始 {d.policy.lateAfterMinutes} 分钟后签到记为“迟到”；
            {d.policy.periods.map((p) => `${p.label} ${p.start}–${p.end}`).join('，')}
          </Typography.Text>
        </div>
        {!d.schoolDay && <Alert type="info" title={`今天是${d.dayLabel}，不计应到岗`} style={{ marginTop: 8 }} />}
        {d.dayKind === 'make_up' && <Alert type="info" title={`今天${d.dayLabel}，按周${weekdayNames[d.weekday]}的排班值守`} style={{ marginTop: 8 }} />}
      </Card>
      {d.slots.length === 0 ? <Empty description="今天没有您的护学岗排班" /> : d.slots.map((s) => <SlotCard key={s.rotaId} slot={s} onDone={data.reload} />)}
    </Space>
  );
}

function SlotCard({ slot, onDone }: { slot: Slot; onDone: () => void }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<Attachment[]>([]);
  const s = slot.signIn;
  const signIn = async () => {
    setBusy(true);
    try {
      const pos = await currentPosition();
      const r = await api.post<{ outside: boolean; late: boolean; noLocation: boolean; distanceM: number | null }>(`/api/guard-posts/${slot.postId}/sign-ins`, {
        periodCode: slot.periodCode,
        rotaId: slot.rotaId,
        ...(pos ?? {}),
        note,
        photoIds: photos.map((p) => p.id),
      });
      const warn = [r.late ? '迟到' : '', r.noLocation ? '未取得定位' : r.outside ? `距岗位 ${r.distanceM} 米，不在岗位范围` : ''].filter(Boolean);
      if (warn.length) message.warning(`已签到（${warn.join('，')}）`);
      else message.success('已签到');
      onDone();
    } catch (e) {
      message.error(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card
      size="small"
      data-testid="guard-slot"
      title={`${slot.periodLabel} ${slot.start}–${slot.end}`}
      extra={slot.mine ? <Tag color="blue">本人</Tag> : <Tag>代签</Tag>}
    >
      <div>
        <EnvironmentOutlined /> {slot.schoolName} · {slot.gateLabel}
      </div>
      <div>
        {slot.personName}（{slot.roleLabel}）
      </div>
      {s ? (
        <Space wrap style={{ marginTop: 8 }} data-testid="guard-signed">
          <Tag icon={<CheckCircleOutlined />} color="green">
            {clock(s.signedAt)} 已签到{s.onBehalf ? `（${s.signedByName}代签）` : ''}
          </Tag>
          {s.late && <Tag color="orange">迟到 {s.minutesLate} 分钟</Tag>}
          {s.noLocation ? (
            <Tag color="red">无定位</Tag>
          ) : s.outside ? (
            <Tag color="red">不在岗位范围（{s.distanceM} 米）</Tag>
          ) : (
            <Tag>距岗位 {s.distanceM} 米</Tag>
          )}
        </Space>
      ) : slot.open ? (
        <Space orientation="vertical" style={{ width: '100%', marginTop: 8 }}>
          <Input.TextArea rows={2} maxLength={500} placeholder="情况说明（选填）" value={note} onChange={(e) => setNote(e.target.value)} />
          <PhotoUpload purpose="guard_post" schoolId={slot.schoolId} value={photos} onChange={setPhotos} max={6} />
          <Button type="primary" size="large" block loading={busy} onClick={signIn} data-testid="guard-sign-in">
            {slot.ended ? '补签（迟到）' : '签到'}
          </Button>
        </Space>
      ) : (
        <Typography.Text type="secondary">尚未到签到时间</Typography.Text>
      )}
    </Card>
  );
}
