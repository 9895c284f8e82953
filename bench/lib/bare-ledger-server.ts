// The "bare Fastify + pg" baseline of bench/sidebyside.ts, run as its own process: one route that
// runs a ledger page's captured statements (same SQL, parameters and parallelism as the platform,
// on a pool of the same size) and answers their rows as JSON. No session, no validation, no DTOs.
// Reads { databaseUrl, poolSize, pages } as JSON on stdin; prints the port once it listens.
import Fastify from 'fastify';
import pg from 'pg';
import type { Statement } from './ledger-sql.js';

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;
const { databaseUrl, poolSize, pages } = JSON.parse(input) as { databaseUrl: string; poolSize: number; pages: Statement[][] };
const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, options: '-c TimeZone=Asia/Shanghai' });
const server = Fastify({ logger: false });
server.get<{ Params: { i: string } }>('/ledger/:i', async (req) => {
  const statements = pages[Number(req.params.i)] ?? [];
  const results = await Promise.all(statements.map((s) => pool.query(s.sql, s.params)));
  // Every statement's rows: the capture runs them in parallel (Promise.all), so which one is the
  // page's items and which the count-cache check depends on timing; answering only the first
  // statement's rows once sent an 11-byte version row instead of the 50 hazards.
  return { results: results.map((r) => r.rows) };
});
await server.listen({ port: 0, host: '127.0.0.1' });
const address = server.server.address();
process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => pool.end().then(() => process.exit(0)));
});
