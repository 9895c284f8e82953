import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalFileStore } from '../../src/server/attachments/file-store.js';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'huxiao-files-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const write = (rel: string, ageMs = 0) => {
  const p = path.join(root, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, 'x');
  const t = new Date(Date.now() - ageMs);
  fs.utimesSync(p, t, t);
  return p;
};

describe('LocalFileStore.removeLeftoverParts', () => {
  it('deletes the .part files an interrupted upload left, at any depth, and keeps stored files', async () => {
    const kept = [write('d1/2026/a.jpg'), write('d1/2026/b.pdf'), write('d1/2025/c')];
    const parts = [write('d1/2026/x.jpg.part'), write('d2/2026/y.part'), write('z.part')];
    expect(await new LocalFileStore(root).removeLeftoverParts(0)).toBe(3);
    for (const p of parts) expect(fs.existsSync(p)).toBe(false);
    for (const p of kept) expect(fs.existsSync(p)).toBe(true);
  });

  it('leaves a .part younger than the given age (an upload in flight in another process)', async () => {
    const fresh = write('d1/2026/new.jpg.part', 1000);
    const old = write('d1/2026/old.jpg.part', 2 * 3600_000);
    expect(await new LocalFileStore(root).removeLeftoverParts(3600_000)).toBe(1);
    expect(fs.existsSync(fresh)).toBe(true);
    expect(fs.existsSync(old)).toBe(false);
  });

  it('leaves a .part written after the given start time (an upload this server took meanwhile)', async () => {
    const startedAt = Date.now() - 5000;
    const leftover = write('d1/2026/old.jpg.part', 60_000);
    const inFlight = write('d1/2026/new.jpg.part', 1000);
    expect(await new LocalFileStore(root).removeLeftoverParts(0, startedAt)).toBe(1);
    expect(fs.existsSync(leftover)).toBe(false);
    expect(fs.existsSync(inFlight)).toBe(true);
  });

  it('answers 0 when the store folder does not exist yet', async () => {
    expect(await new LocalFileStore(path.join(root, 'none')).removeLeftoverParts(0)).toBe(0);
  });

  it('a completed put leaves no .part behind', async () => {
    const store = new LocalFileStore(root);
    await store.put('d1/2026/k.png', Buffer.from('png'));
    expect(fs.readdirSync(path.join(root, 'd1/2026'))).toEqual(['k.png']);
  });
});
