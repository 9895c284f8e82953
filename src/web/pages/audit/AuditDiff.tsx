import { Typography } from 'antd';
import type { CSSProperties } from 'react';

type Dict = Record<string, unknown>;

const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);

function show(v: unknown): string {
  if (v === undefined) return '';
  if (v === null || v === '') return '（空）';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? '是' : '否';
  return JSON.stringify(v);
}

const cell: CSSProperties = { padding: '4px 8px', borderBottom: '1px solid #f0f0f0', verticalAlign: 'top', wordBreak: 'break-all' };
const changedBg = '#fff7e6';

/**
 * Before and after side by side, one key per row; changed keys are highlighted so an
 * auditor sees at a glance what an edit did. Non-object payloads fall back to raw JSON.
 */
export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  if (before == null && after == null) return <Typography.Text type="secondary">此操作没有记录修改前后的数据。</Typography.Text>;
  if ((before != null && !isDict(before)) || (after != null && !isDict(after))) {
    return (
      <pre style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{JSON.stringify({ 修改前: before, 修改后: after }, null, 2)}</pre>
    );
  }
  const b = (before ?? {}) as Dict;
  const a = (after ?? {}) as Dict;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return (
    <div style={{ overflowX: 'auto' }}>
      <table style={{ borderCollapse: 'collapse', width: '100%', minWidth: 420, fontSize: 13 }}>
        <thead>
          <tr style={{ background: '#fafafa', textAlign: 'left' }}>
            <th style={{ ...cell, width: '22%' }}>字段</th>
            <th style={{ ...cell, width: '39%' }}>修改前</th>
            <th style={{ ...cell, width: '39%' }}>修改后</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => {
            const changed = JSON.stringify(b[k]) !== JSON.stringify(a[k]);
            const bg = changed ? changedBg : undefined;
            return (
              <tr key={k} data-changed={changed || undefined}>
                <td style={{ ...cell, background: bg, fontFamily: 'monospace' }}>{k}</td>
                <td style={{ ...cell, background: bg, color: changed ? '#a8071a' : undefined }}>{k in b ? show(b[k]) : '—'}</td>
                <td style={{ ...cell, background: bg, color: changed ? '#135200' : undefined, fontWeight: changed ? 600 : undefined }}>
                  {k in a ? show(a[k]) : '—'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
