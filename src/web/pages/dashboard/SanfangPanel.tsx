import { Progress } from 'antd';
import { Link } from 'react-router';
import { Figure } from './Figure';
import type { PanelProps } from './panels';

/** The server's 三防 panel (src/server/dashboard/panels/sanfang.panel.ts): a standing, not a period figure. */
export type SanfangPanelData = {
  link: string;
  sentence: string;
  schools: number;
  guardsRequired: number;
  guardsOnPost: number;
  guardsShort: number;
  schoolsShort: number;
  rates: { code: string; label: string; applicable: number; met: number; rate: number | null; failing: number }[];
};

/**
 * 三防建设: the seeds' guard sentence (应配/现有/缺), the guard figures, and the national "100%"
 * rates as bars, each saying how many schools fall short. Every figure opens the 三防 page.
 */
export function SanfangPanel({ data, dark }: PanelProps<SanfangPanelData>) {
  const muted = dark ? '#8fa3bf' : 'rgba(0,0,0,0.55)';
  return (
    <div style={{ display: 'grid', gap: 10 }} data-testid="sanfang-panel">
      <div style={{ fontSize: 13, color: dark ? '#c8d3e6' : undefined }}>
        <Link to={data.link}>{data.sentence}</Link>
        {data.schoolsShort > 0 && <span style={{ color: '#f5222d' }}>（{data.schoolsShort} 所学校缺配）</span>}
      </div>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16 }}>
        <Figure label="应配保安" value={data.guardsRequired} link={data.link} dark={dark} />
        <Figure label="现有保安" value={data.guardsOnPost} link={data.link} dark={dark} />
        <Figure label="缺保安（逐校计）" value={data.guardsShort} link={data.link} alert dark={dark} testId="sanfang-short" />
      </div>
      {data.rates.map((r) => (
        <div key={r.code} data-testid={`sanfang-rate-${r.code}`}>
          <div style={{ fontSize: 13, color: dark ? '#c8d3e6' : undefined }}>
            {r.label}：{r.met}/{r.applicable} 所
            {r.failing > 0 && (
              <Link to={data.link} style={{ color: '#f5222d', marginLeft: 6 }}>
                {r.failing} 所未达标
              </Link>
            )}
            {r.applicable === 0 && <span style={{ color: muted }}>（无适用学校）</span>}
          </div>
          <Progress percent={r.rate ?? 0} size="small" status={r.rate === 100 ? 'success' : 'normal'} format={() => (r.rate === null ? '—' : `${r.rate}%`)} />
        </div>
      ))}
    </div>
  );
}
