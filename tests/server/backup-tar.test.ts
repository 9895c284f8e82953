import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readTar, type TarSource, tarStream } from '../../src/server/backup/tar.js';

async function collect(it: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of it) parts.push(c);
  return Buffer.concat(parts);
}

/** Feeds a buffer in uneven pieces, as a gunzip stream would. */
async function* pieces(buf: Buffer, size = 777): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function readAll(tar: Buffer) {
  const out: { name: string; body: Buffer }[] = [];
  for await (const e of readTar(pieces(tar))) out.push({ name: e.name, body: await collect(e.body()) });
  return out;
}

const entry = (name: string, body: Buffer): TarSource => ({ name, size: body.length, mtime: new Date(), body });

describe('backup tar', () => {
  it('reads back what it wrote: sizes on and off the 512-byte blocks, empty files, long Chinese paths', async () => {
    const long = `data/files/${'隐患照片'.repeat(12)}/${'a'.repeat(80)}.jpg`;
    const files = [
      entry('a.json', Buffer.from('{}')),
      entry('data/empty', Buffer.alloc(0)),
      entry('data/block', randomBytes(1024)),
      entry(long, randomBytes(70_001)),
    ];
    const tar = await collect(tarStream(files));
    expect(tar.length % 512).toBe(0);
    expect(await readAll(tar)).toEqual(files.map((f) => ({ name: f.name, body: f.body })));
  });

  it('skips bodies the reader does not read', async () => {
    const tar = await collect(tarStream([entry('one', randomBytes(3000)), entry('two', Buffer.from('second'))]));
    const names: string[] = [];
    for await (const e of readTar(pieces(tar))) names.push(e.name);
    expect(names).toEqual(['one', 'two']);
  });

  it('fails on a truncated archive, a corrupted header and a file that changed size while read', async () => {
    const tar = await collect(tarStream([entry('x', randomBytes(2000))]));
    await expect(readAll(tar.subarray(0, 1500))).rejects.toThrow('备份文件不完整');
    const bad = Buffer.from(tar);
    bad[10] = 0x41;
    await expect(readAll(bad)).rejects.toThrow('校验和');
    await expect(collect(tarStream([{ name: 'y', size: 10, mtime: new Date(), body: Buffer.alloc(5) }]))).rejects.toThrow('被修改');
  });
});
