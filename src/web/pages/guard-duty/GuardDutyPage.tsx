import { Tabs } from 'antd';
import { useSearchParams } from 'react-router';
import { useCurrentUser } from '../../auth/AuthContext';
import { PostsTab } from './PostsTab';
import { StatsTab } from './StatsTab';
import { TodayTab } from './TodayTab';
import { ZonesTab } from './ZonesTab';

/**
 * 护学岗: today's sign-in on a phone (the person on duty, or the school officer / police station for
 * those without an account), the posts and their rota, attendance and the 护学岗设置率, and the
 * police's patrol zones (包片) with one team per school.
 */
export default function GuardDutyPage() {
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const staffOnly = user.role === 'staff';
  const tabs = [
    { key: 'today', label: '今日签到', children: <TodayTab /> },
    { key: 'posts', label: '岗位与排班', children: <PostsTab /> },
    ...(staffOnly ? [] : [{ key: 'stats', label: '到岗统计', children: <StatsTab /> }]),
    ...(staffOnly ? [] : [{ key: 'zones', label: '包片警组', children: <ZonesTab /> }]),
  ];
  const active = tabs.some((t) => t.key === params.get('tab')) ? (params.get('tab') as string) : 'today';
  return <Tabs activeKey={active} onChange={(k) => setParams({ tab: k }, { replace: true })} items={tabs} destroyOnHidden />;
}
