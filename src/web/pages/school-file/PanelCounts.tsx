import { Card, Statistic } from 'antd';
import { useNavigate } from 'react-router';
import { useCurrentUser } from '../../auth/AuthContext';
import { canSee, type NavKey } from '../../layout/nav';
import type { PanelCount } from './schoolFileTypes';

/** A figure links to its list only where the user may open that page (the notices list is not every role's). */
const pageOf = (href: string) => href.split(/[/?]/)[1] as NavKey;

/** A panel's figures as cards; a figure with a list opens it (the same filter, so the same total). */
export function PanelCounts({ counts, testIdPrefix }: { counts: PanelCount[]; testIdPrefix: string }) {
  const navigate = useNavigate();
  const user = useCurrentUser();
  const linkOf = (c: PanelCount) => (c.href && canSee(user.role, pageOf(c.href)) ? c.href : null);
  return (
    // Cards of at least 104 px that share the row: five fit half a desk screen, two a phone's width.
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
      {counts.map((c) => {
        const href = linkOf(c);
        return (
          <Card
            key={c.key}
            size="small"
            hoverable={href !== null}
            onClick={href ? () => navigate(href) : undefined}
            style={{ flex: '1 1 104px', maxWidth: 180 }}
            styles={{ body: { padding: '8px 12px' } }}
            data-testid={`${testIdPrefix}-${c.key}`}
          >
            <Statistic title={c.label} value={c.value} styles={{ content: { fontSize: 20, color: c.alert && c.value ? '#cf1322' : undefined } }} />
          </Card>
        );
      })}
    </div>
  );
}
