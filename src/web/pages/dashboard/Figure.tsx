import type { CSSProperties, ReactNode } from 'react';
import { Link } from 'react-router';

type Props = {
  label: string;
  value: number | string | null;
  link?: string | null;
  suffix?: string;
  alert?: boolean;
  dark?: boolean;
  testId?: string;
  big?: boolean;
};

/** One number with its label; a number with a list behind it is a link to that list. */
export function Figure({ label, value, link, suffix, alert, dark, testId, big }: Props) {
  const shown = value === null ? '—' : value;
  const color = alert && typeof value === 'number' && value > 0 ? '#f5222d' : dark ? '#e6f4ff' : 'rgba(0,0,0,0.88)';
  const num: CSSProperties = { fontSize: big ? 30 : 22, fontWeight: 600, color, lineHeight: 1.3 };
  const body: ReactNode = (
    <>
      <span style={num}>{shown}</span>
      {suffix && value !== null && <span style={{ fontSize: 13, marginLeft: 2, color }}>{suffix}</span>}
    </>
  );
  return (
    <div data-testid={testId} style={{ minWidth: 90 }}>
      <div style={{ fontSize: 13, color: dark ? '#8fa3bf' : 'rgba(0,0,0,0.55)' }}>{label}</div>
      {link ? (
        <Link to={link} title="查看清单" data-testid={testId ? `${testId}-link` : undefined}>
          {body}
        </Link>
      ) : (
        body
      )}
    </div>
  );
}
