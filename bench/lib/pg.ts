import pg from 'pg';

/** Connects to `url` or says why not (within 3 s). */
export async function pgReachable(url: string): Promise<{ ok: true; version: string } | { ok: false; why: string }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const r = await client.query<{ v: string }>('select version() as v');
    return { ok: true, version: r.rows[0]?.v ?? '' };
  } catch (e) {
    return { ok: false, why: (e as Error).message || String(e) };
  } finally {
    await client.end().catch(() => {});
  }
}

export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
