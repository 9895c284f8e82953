import { Typography } from 'antd';
import { useNavigate } from 'react-router';
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
  if (items.length === 0) return <Typography.Text type="secondary">该校当前没有检查义务。</Typography.Text>;
  return (
    <SchoolObligations
      items={items as Parameters<typeof SchoolObligations>[0]['items']}
      onStart={own ? (template) => navigate(`/inspections/new?template=${encodeURIComponent(template)}`) : undefined}
    />
  );
}
