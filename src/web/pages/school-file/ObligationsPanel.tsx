import { Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import { useCurrentUser } from '../../auth/AuthContext';
import { isDistrictObligation, type ObligationsAnswer } from '../coverage/coverageTypes';
import { SchoolObligations } from '../coverage/SchoolObligations';
import type { PanelProps } from './schoolFileTypes';

/** 检查义务 of the school and where it stands this period; the school's own people can start a check from here. */
export function ObligationsPanel({ school, panel }: PanelProps) {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const d = panel.detail as Pick<ObligationsAnswer, 'today' | 'items'>;
  const items = d.items.filter((i) => !isDistrictObligation(i));
  const own = user.orgUnitId === school.id;
  const calendar = (
    <Link to={`/compliance-calendar?schoolId=${encodeURIComponent(school.id)}`} data-testid="school-compliance-calendar">
      合规日历：本周、本月、本学期应完成的各类安全工作
    </Link>
  );
  if (items.length === 0)
    return (
      <>
        <Typography.Text type="secondary">该校当前没有检查义务。</Typography.Text> {calendar}
      </>
    );
  return (
    <>
      <div style={{ marginBottom: 8 }}>{calendar}</div>
      <SchoolObligations items={items as Parameters<typeof SchoolObligations>[0]['items']} onStart={own ? (link) => navigate(link) : undefined} />
    </>
  );
}
