import { loginCookie } from './lib/api.js';
import { runLoad } from './lib/load.js';
import { urlsFor } from './concurrency.js';
const base = 'http://127.0.0.1:4103';
const cookie = await loginCookie(base);
const kinds = (process.argv[2] ?? 'ledger page').split(',');
const urls = (await urlsFor(base, cookie)).filter((u) => kinds.includes(u.kind)).map((u) => u.url);
const r = await runLoad({ urls, headers: { cookie }, connections: 8, seconds: Number(process.argv[3] ?? 20), maxRequests: 1e6, warmup: 20 });
console.log(JSON.stringify(r));
