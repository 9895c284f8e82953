/** Times are stored in UTC and shown in Beijing time, whatever the browser's own zone. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

export function formatNumber(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : n.toLocaleString('zh-CN');
}

/** Label lookup that tolerates values the web does not know yet (a newer server). */
export function labelOf<K extends string>(table: Record<K, string>, key: string | null | undefined): string {
  if (!key) return '—';
  return (table as Record<string, string>)[key] ?? key;
}

/** The Beijing calendar day (YYYY-MM-DD) of an instant. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : d.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
}
