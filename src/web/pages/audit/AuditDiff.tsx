import { Typography } from 'antd';
import type { CSSProperties } from 'react';
import { fieldLabels, valueLabel } from './auditLabels';

type Dict = Record<string, unknown>;

const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);

function show(k: string, v: unknown): string {
  if (v === undefined) return '—';
  const label = valueLabel(k, v);
  if (label) return label;
  if (v === null || v === '') return '（空）';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? '是' : '否';
  return JSON.stringify(v);
}

const cell: CSSProperties = { padding: '4px 8px', borderBottom: '1px solid #f0f0f0', verticalAlign: 'top', wordBreak: 'break-all' };
const head: CSSProperties = { ...cell, background: '#fafafa', textAlign: 'left', fontWeight: 600 };
const changedBg = '#fff7e6';

/**
 * Before and after side by side, one key per row; changed keys are highlighted so an
 * auditor sees at a glance what an edit did. A creation (no "before") is one column of
 * values, since every key would otherwise light up. Non-object payloads show as JSON.
 */
export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  if (before == null && after == null) return <Typography.Text type="secondary">此操作没有记录修改前后的数据。</Typography.Text>;
  if ((before != null && !isDict(before)) || (after != null && !isDict(after))) {
    return <pre style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{JSON.stringify({ 修改前: before, 修改后: after }, null, 2)}</pre>;
  }
  const b = before as Dict | null;
  const a = after as Dict | null;
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
  const single = b === null || a === null;
  const only: Dict = a ?? b ?? {};
  const label = (k: string) => (
    <td style={{ ...cell, width: single ? '30%' : '22%' }} title={k}>
      {fieldLabels[k] ?? k}
    </td>
  );

  return (
    <div style={{ overflowX: 'auto' }}>
      <table style={{ borderCollapse: 'collapse', width: '100%', fontSize: 13 }}>
        <thead>
          <tr>
            <th style={head}>字段</th>
            {single ? <th style={head}>{b === null ? '新建时的值' : '删除前的值'}</th> : null}
            {!single && <th style={head}>修改前</th>}
            {!single && <th style={head}>修改后</th>}
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => {
            if (single) {
              return (
                <tr key={k}>
                  {label(k)}
                  <td style={cell}>{show(k, only[k])}</td>
                </tr>
              );
            }
            const changed = JSON.stringify(b[k]) !== JSON.stringify(a[k]);
            const bg = changed ? changedBg : undefined;
            return (
              <tr key={k} data-changed={changed || undefined} style={{ background: bg }}>
                {label(k)}
                <td style={{ ...cell, color: changed ? '#a8071a' : undefined }}>{show(k, b[k])}</td>
                <td style={{ ...cell, color: changed ? '#135200' : undefined, fontWeight: changed ? 600 : undefined }}>{show(k, a[k])}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
