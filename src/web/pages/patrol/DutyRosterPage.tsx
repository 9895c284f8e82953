import { CopyOutlined, DownloadOutlined, LeftOutlined, RightOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, AutoComplete, Button, Card, Input, Segmented, Select, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { useCurrentUser } from '../../auth/AuthContext';
import { messageOf } from '../../lib/errors';
import { useIsMobile } from '../../lib/useIsMobile';
import { isSchoolRole } from '../hazards/hazardRoles';
import { loadSchools } from '../inspections/inspectionApi';
import type { Roster, RosterDayDto } from './patrolApi';

type View = 'week' | 'month';
const weekdays = ['日', '一', '二', '三', '四', '五', '六'];
const blank = (day: string): RosterDayDto => ({ day, leaderName: '', leaderUserId: null, nightDutyName: '', nightDutyUserId: null, phone: '', note: '' });

function rangeOf(view: View, anchor: dayjs.Dayjs): [dayjs.Dayjs, dayjs.Dayjs] {
  if (view === 'month') return [anchor.startOf('month'), anchor.endOf('month')];
  const monday = anchor.subtract((anchor.day() + 6) % 7, 'day');
  return [monday, monday.add(6, 'day')];
}

const daysIn = (from: dayjs.Dayjs, to: dayjs.Dayjs) => Array.from({ length: to.diff(from, 'day') + 1 }, (_, i) => from.add(i, 'day').format('YYYY-MM-DD'));

/**
 * 值班表: a week or a month of the school's duty roster as a grid. The principal or the safety
 * officer types (or picks) the leader on duty for each day, copies last week in one tap, saves and
 * exports; supervisors read it for a school in their scope.
 */
export default function DutyRosterPage() {
  const user = useCurrentUser();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const schoolUser = isSchoolRole(user.role);
  const schoolId = schoolUser ? user.orgUnitId : (params.get('schoolId') ?? undefined);
  const view: View = params.get('view') === 'month' ? 'month' : 'week';
  const anchor = dayjs(params.get('date') ?? undefined);
  const [from, to] = rangeOf(view, anchor);
  const f = from.format('YYYY-MM-DD');
  const t = to.format('YYYY-MM-DD');
  const schools = useLoad(() => (schoolUser ? Promise.resolve(null) : loadSchools(user)), `schools:${user.id}`);
  const roster = useLoad(() => (schoolId ? api.get<Roster>('/api/duty-roster', { schoolId, from: f, to: t }) : Promise.resolve(null)), `${schoolId}:${f}:${t}`);
  const [rows, setRows] = useState<RosterDayDto[]>([]);
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [bulk, setBulk] = useState('');

  useEffect(() => {
    const byDay = new Map((roster.data?.days ?? []).map((d) => [d.day, d]));
    setRows(daysIn(dayjs(f), dayjs(t)).map((day) => byDay.get(day) ?? blank(day)));
    setDirty(false);
  }, [roster.data, f, t]);

  const set = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) next.set(k, v);
    setParams(next, { replace: true });
  };
  const edit = (day: string, patch: Partial<RosterDayDto>) => {
    setRows((rs) => rs.map((r) => (r.day === day ? { ...r, ...patch } : r)));
    setDirty(true);
  };
  const canEdit = roster.data?.canEdit ?? false;
  const boarding = roster.data?.school.boarding ?? false;
  const users = roster.data?.users ?? [];

  const copyLastWeek = async () => {
    if (!schoolId) return;
    try {
      const prev = await api.get<Roster>('/api/duty-roster', {
        schoolId,
        from: from.subtract(7, 'day').format('YYYY-MM-DD'),
        to: to.subtract(7, 'day').format('YYYY-MM-DD'),
      });
      const byDay = new Map(prev.days.map((d) => [dayjs(d.day).add(7, 'day').format('YYYY-MM-DD'), d]));
      if (byDay.size === 0) return message.info('上周没有值班安排');
      setRows((rs) => rs.map((r) => ({ ...(byDay.get(r.day) ?? blank(r.day)), day: r.day })));
      setDirty(true);
    } catch (err) {
      message.error(messageOf(err));
    }
  };
  /** The quick way: one leader for every weekday still blank in the grid. */
  const fillBlanks = () => {
    const name = bulk.trim();
    const id = users.find((u) => u.name === name)?.id ?? null;
    setRows((rs) => rs.map((r) => (!r.leaderName && ![0, 6].includes(dayjs(r.day).day()) ? { ...r, leaderName: name, leaderUserId: id } : r)));
    setDirty(true);
  };
  const save = async () => {
    if (!schoolId) return;
    setSaving(true);
    try {
      await api.put('/api/duty-roster', {
        schoolId,
        days: rows.map(({ day, leaderName, leaderUserId, nightDutyName, nightDutyUserId, phone, note }) => ({
          day,
          leaderName,
          leaderUserId,
          nightDutyName,
          nightDutyUserId,
          phone,
          note,
        })),
      });
      message.success('值班表已保存');
      roster.reload();
    } catch (err) {
      message.error(messageOf(err));
    } finally {
      setSaving(false);
    }
  };
  const exportXlsx = () =>
    schoolId && api.download('/api/duty-roster/export', { schoolId, from: f, to: t }, '值班表.xlsx').catch((e) => message.error(messageOf(e)));

  const person = (day: string, value: string, nameKey: 'leaderName' | 'nightDutyName', idKey: 'leaderUserId' | 'nightDutyUserId', placeholder: string) =>
    canEdit ? (
      <AutoComplete
        style={{ width: '100%' }}
        value={value}
        placeholder={placeholder}
        options={users.map((u) => ({ value: u.name, key: u.id }))}
        filterOption={(input, o) => String(o?.value ?? '').includes(input)}
        onChange={(v: string) => edit(day, { [nameKey]: v.slice(0, 40), [idKey]: users.find((u) => u.name === v)?.id ?? null })}
      />
    ) : (
      value || <Typography.Text type="secondary">—</Typography.Text>
    );

  const columns = [
    {
      title: '日期',
      dataIndex: 'day',
      width: isMobile ? 92 : 130,
      render: (d: string) => (
        <span style={{ color: [0, 6].includes(dayjs(d).day()) ? '#999' : undefined }}>
          {isMobile ? dayjs(d).format('M/D') : d} 周{weekdays[dayjs(d).day()]}
        </span>
      ),
    },
    { title: '值班领导', dataIndex: 'leaderName', render: (v: string, r: RosterDayDto) => person(r.day, v, 'leaderName', 'leaderUserId', '姓名') },
    ...(boarding
      ? [
          {
            title: '夜间值班',
            dataIndex: 'nightDutyName',
            render: (v: string, r: RosterDayDto) => person(r.day, v, 'nightDutyName', 'nightDutyUserId', '姓名'),
          },
        ]
      : []),
    ...(isMobile && boarding
      ? []
      : [
          {
            title: '值班电话',
            dataIndex: 'phone',
            width: isMobile ? 110 : 160,
            render: (v: string, r: RosterDayDto) =>
              canEdit ? <Input value={v} maxLength={20} inputMode="tel" onChange={(e) => edit(r.day, { phone: e.target.value })} /> : v,
          },
        ]),
  ];

  const filled = rows.filter((r) => r.leaderName).length;
  const step = view === 'week' ? 'week' : 'month';
  return (
    <Card
      title="值班表"
      extra={
        <Button icon={<DownloadOutlined />} disabled={!schoolId} onClick={exportXlsx}>
          {isMobile ? '导出' : '导出 Excel'}
        </Button>
      }
      styles={{ body: { padding: isMobile ? 8 : 24 } }}
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {!schoolUser && (
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="选择学校"
            style={{ width: isMobile ? '100%' : 280 }}
            value={schoolId}
            options={(schools.data?.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            onChange={(v: string) => set({ schoolId: v })}
          />
        )}
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
          <Segmented
            value={view}
            options={[
              { value: 'week', label: '周' },
              { value: 'month', label: '月' },
            ]}
            onChange={(v) => set({ view: String(v) })}
          />
          <Button icon={<LeftOutlined />} aria-label="上一段" onClick={() => set({ date: anchor.subtract(1, step).format('YYYY-MM-DD') })} />
          <Typography.Text>
            {from.format('M月D日')} – {to.format('M月D日')}
          </Typography.Text>
          <Button icon={<RightOutlined />} aria-label="下一段" onClick={() => set({ date: anchor.add(1, step).format('YYYY-MM-DD') })} />
          <Typography.Text type="secondary">已排 {filled} 天</Typography.Text>
        </div>
        {roster.error && <Alert type="error" showIcon title={roster.error} />}
        {!schoolId && <Alert type="info" showIcon title="请选择学校查看值班表" />}
        {schoolId && (
          <Table<RosterDayDto>
            rowKey="day"
            size="small"
            loading={roster.loading}
            dataSource={rows}
            columns={columns}
            pagination={false}
            data-testid="roster-grid"
          />
        )}
        {canEdit && (
          <Space wrap>
            {view === 'week' && (
              <Button icon={<CopyOutlined />} onClick={copyLastWeek}>
                复制上周
              </Button>
            )}
            <Space.Compact>
              <AutoComplete
                style={{ width: 120 }}
                value={bulk}
                placeholder="值班领导"
                options={users.map((u) => ({ value: u.name, key: u.id }))}
                onChange={(v: string) => setBulk(v.slice(0, 40))}
              />
              <Button disabled={!bulk.trim()} onClick={fillBlanks}>
                填入空白工作日
              </Button>
            </Space.Compact>
            <Button type="primary" icon={<SaveOutlined />} loading={saving} disabled={!dirty} onClick={save} data-testid="roster-save">
              保存
            </Button>
          </Space>
        )}
      </Space>
    </Card>
  );
}
