/**
 * Import boundaries between folders, checked in `npm run check`:
 * - src/domain imports nothing from server, web or cli (pure rules, used by both sides);
 * - src/web never imports server or cli code (the browser gets only domain rules);
 * - src/server never imports web or cli code;
 * - only *.repository.ts files (and the db/ and migration code) build SQL with Kysely;
 * - dates in schemas come from domain/input-dates.ts (isoDay, isoDateTime, queryDate), whose
 *   1900–2100 range keeps values PostgreSQL cannot store away from it (a 500 otherwise).
 */
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const rules: { from: string; forbid: string[]; why: string }[] = [
  { from: 'src/domain', forbid: ['src/server', 'src/web', 'src/cli'], why: 'domain rules must stay pure' },
  { from: 'src/web', forbid: ['src/server', 'src/cli'], why: 'the browser bundle must not pull server code' },
  { from: 'src/server', forbid: ['src/web', 'src/cli'], why: 'the server does not depend on the UI or CLI' },
];
const sqlAllowed = [/\.repository\.ts$/, /^src\/server\/db\//, /^src\/server\/setup\/setup\.service\.ts$/, /^src\/server\/http\/system\.routes\.ts$/];

function* files(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (/\.tsx?$/.test(e.name)) yield p;
  }
}

const problems: string[] = [];
for (const file of files(path.join(root, 'src'))) {
  const rel = path.relative(root, file);
  const text = fs.readFileSync(file, 'utf8');
  for (const m of text.matchAll(/(?:import|export)[^'"]*from\s+['"](\.[^'"]+)['"]/g)) {
    const target = path.relative(root, path.resolve(path.dirname(file), m[1] as string));
    for (const rule of rules) {
      if (rel.startsWith(`${rule.from}/`) && rule.forbid.some((f) => target.startsWith(`${f}/`) || target === f)) {
        problems.push(`${rel}: imports ${target} (${rule.why})`);
      }
    }
  }
  const buildsSql = /\.(selectFrom|insertInto|updateTable|deleteFrom)\(|\bsql`/.test(text);
  if (rel.startsWith('src/server/') && buildsSql && !sqlAllowed.some((re) => re.test(rel))) {
    problems.push(`${rel}: builds SQL outside a repository`);
  }
  if (rel !== 'src/domain/input-dates.ts' && /z\.iso\.date(time)?\(|z\.coerce\.date\(/.test(text)) {
    problems.push(`${rel}: a date schema without the sane range (use isoDay, isoDateTime or queryDate from domain/input-dates.ts)`);
  }
}
if (problems.length) {
  console.error(`Import boundary violations:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
console.log('boundaries: ok');
