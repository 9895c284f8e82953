import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditActionLabels, auditEntityTypeLabels, hazardEventLabels } from '../../src/domain/audit-actions.js';
import { hazardActions } from '../../src/domain/hazard-workflow.js';

const root = path.resolve(import.meta.dirname, '../..');
const chinese = /[\u4e00-\u9fff]/;

function* sources(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (/\.tsx?$/.test(e.name)) yield p;
  }
}

/**
 * Every `entity.verb` string the server and the benchmarks write whose entity is one the trail
 * knows (or auth/demo/district): the type already refuses an unlisted code in appendAuditEvent,
 * this also catches one that reaches it through a cast or a plain string.
 */
function auditCodesInSource(): Map<string, string> {
  const prefixes = new Set([...Object.keys(auditEntityTypeLabels), 'auth', 'demo', 'district']);
  const found = new Map<string, string>();
  for (const file of [...sources(path.join(root, 'src/server')), ...sources(path.join(root, 'bench'))]) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/['`]([a-z_]+)\.([a-z_]+)['`]/g)) {
      if (prefixes.has(m[1] as string)) found.set(`${m[1]}.${m[2]}`, path.relative(root, file));
    }
    for (const m of text.matchAll(/action:\s*`([a-z_]+)\.\$\{/g)) found.set(`${m[1]}.*`, path.relative(root, file));
  }
  return found;
}

describe('audit trail labels', () => {
  it('names every action the server writes in Chinese', () => {
    const codes = auditCodesInSource();
    expect(codes.size).toBeGreaterThan(30);
    const missing = [...codes].filter(([code]) => !code.endsWith('.*') && !(code in auditActionLabels)).map(([c, f]) => `${c} (${f})`);
    expect(missing).toEqual([]);
    // The hazard timeline writes `hazard.${action}`: every step has its name.
    expect(codes.has('hazard.*')).toBe(true);
    for (const a of [...hazardActions, ...Object.keys(hazardEventLabels)]) expect(auditActionLabels).toHaveProperty([`hazard.${a}`]);
  });

  it('names every object type, and every name is Chinese', () => {
    for (const label of [...Object.values(auditActionLabels), ...Object.values(auditEntityTypeLabels)]) expect(label).toMatch(chinese);
    const entityTypes = new Set<string>();
    for (const file of sources(path.join(root, 'src/server'))) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/entityType:\s*'([a-z_]+)'/g)) entityTypes.add(m[1] as string);
    }
    expect(entityTypes.size).toBeGreaterThan(10);
    expect([...entityTypes].filter((t) => !(t in auditEntityTypeLabels))).toEqual([]);
  });
});
