import { DEMO_PASSWORD } from '../../src/server/demo/demo-accounts.js';

/** Logs in as the demo district admin and returns the Cookie header to send. */
export async function loginCookie(base: string, username = 'admin'): Promise<string> {
  const r = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (r.status !== 200) throw new Error(`login as ${username} answered ${r.status}: ${await r.text()}`);
  await r.arrayBuffer();
  return r.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

async function getJson<T>(base: string, url: string, cookie: string): Promise<T> {
  const r = await fetch(`${base}${url}`, { headers: { cookie } });
  if (r.status !== 200) throw new Error(`GET ${url} answered ${r.status}: ${await r.text()}`);
  return (await r.json()) as T;
}

/**
 * The list requests to cycle through, each with two filters: schoolType + parentId for every
 * township and centre, and keyword + ownership over every page of its result.
 */
export async function schoolListUrls(base: string, cookie: string): Promise<string[]> {
  const units = await getJson<{ items: { id: string; kind: string }[] }>(base, '/api/org-units?kind=township&kind=centre', cookie);
  const urls = units.items.map((u) => `${base}/api/schools?page=1&pageSize=50&schoolType=primary&parentId=${u.id}`);
  const keyword = `keyword=${encodeURIComponent('学')}&ownership=public`;
  const first = await getJson<{ total: number }>(base, `/api/schools?page=1&pageSize=50&${keyword}`, cookie);
  const pages = Math.max(1, Math.ceil(first.total / 50));
  for (let p = 1; p <= pages; p++) urls.push(`${base}/api/schools?page=${p}&pageSize=50&${keyword}`);
  if (units.items.length === 0 || first.total === 0) throw new Error('the demo district has no units or schools: nothing to list');
  return urls;
}
