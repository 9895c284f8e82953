/**
 * The little of the tar format a backup needs (POSIX ustar: regular files only), written and
 * read as streams so that gigabytes of photos never sit in memory. A backup is a gzip of such a
 * tar, so `tar tzf huxiao-backup-….tar.gz` lists it and `tar xzf` unpacks it anywhere.
 */
const BLOCK = 512;
const MAX_SIZE = 8 ** 11 - 1; // 11 octal digits: just under 8 GiB per entry

export type TarSource = { name: string; size: number; mtime: Date; body: Buffer | AsyncIterable<Buffer> };

function writeOctal(h: Buffer, offset: number, length: number, value: number) {
  h.write(value.toString(8).padStart(length - 1, '0'), offset, length - 1, 'ascii');
  h[offset + length - 1] = 0;
}

/** ustar keeps a path in name (100 bytes) and prefix (155 bytes), split at a slash. */
function splitName(name: string): [prefix: string, base: string] {
  if (Buffer.byteLength(name) <= 100) return ['', name];
  for (let i = name.indexOf('/'); i > 0; i = name.indexOf('/', i + 1)) {
    const [prefix, base] = [name.slice(0, i), name.slice(i + 1)];
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(base) <= 100) return [prefix, base];
  }
  throw new Error(`文件路径太长，无法写入备份：${name}`);
}

function header(entry: TarSource): Buffer {
  if (entry.size > MAX_SIZE) throw new Error(`文件太大，无法写入备份：${entry.name}`);
  const h = Buffer.alloc(BLOCK);
  const [prefix, base] = splitName(entry.name);
  h.write(base, 0, 100, 'utf8');
  writeOctal(h, 100, 8, 0o644);
  writeOctal(h, 108, 8, 0);
  writeOctal(h, 116, 8, 0);
  writeOctal(h, 124, 12, entry.size);
  writeOctal(h, 136, 12, Math.floor(entry.mtime.getTime() / 1000));
  h.fill(' ', 148, 156);
  h.write('0', 156, 'ascii');
  h.write('ustar\u000000', 257, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  writeOctal(h, 148, 7, sum);
  return h;
}

const padding = (size: number) => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);

/** The tar stream of the given entries; a body that turns out longer or shorter than `size` is an error. */
export async function* tarStream(entries: AsyncIterable<TarSource> | Iterable<TarSource>): AsyncGenerator<Buffer> {
  for await (const entry of entries) {
    yield header(entry);
    let written = 0;
    for await (const chunk of Buffer.isBuffer(entry.body) ? [entry.body] : entry.body) {
      written += chunk.length;
      if (written > entry.size) break;
      yield chunk;
    }
    if (written !== entry.size) throw new Error(`文件在备份过程中被修改：${entry.name}`);
    yield padding(entry.size);
  }
  yield Buffer.alloc(BLOCK * 2);
}

/** Reads exact byte counts from a stream of chunks. */
class ByteReader {
  private buffered: Buffer = Buffer.alloc(0);
  private readonly source: AsyncIterator<Buffer>;
  constructor(input: AsyncIterable<Buffer>) {
    this.source = input[Symbol.asyncIterator]();
  }

  /** Up to `max` bytes (fewer only at the end of what is buffered); an empty buffer at the end of input. */
  async some(max: number): Promise<Buffer> {
    if (this.buffered.length === 0) {
      const next = await this.source.next();
      if (next.done) return Buffer.alloc(0);
      this.buffered = next.value;
    }
    const out = this.buffered.subarray(0, max);
    this.buffered = this.buffered.subarray(out.length);
    return out;
  }

  async exactly(n: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    for (let got = 0; got < n; ) {
      const part = await this.some(n - got);
      if (part.length === 0) throw new Error('备份文件不完整（提前结束）');
      parts.push(part);
      got += part.length;
    }
    return Buffer.concat(parts);
  }
}

export type TarEntry = { name: string; size: number; body: () => AsyncGenerator<Buffer> };

const field = (h: Buffer, offset: number, length: number) => {
  const end = h.indexOf(0, offset);
  return h.toString('utf8', offset, end >= 0 && end < offset + length ? end : offset + length);
};

/**
 * The regular files of a tar stream, in order. Each entry's body must be read (or is skipped)
 * before the next entry is asked for.
 */
export async function* readTar(input: AsyncIterable<Buffer>): AsyncGenerator<TarEntry> {
  const reader = new ByteReader(input);
  for (;;) {
    const h = await reader.exactly(BLOCK);
    if (h.every((b) => b === 0)) return;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (h[i] as number);
    if (Number.parseInt(field(h, 148, 8), 8) !== sum) throw new Error('备份文件已损坏（tar 校验和不符）');
    const size = Number.parseInt(field(h, 124, 12).trim() || '0', 8);
    const type = field(h, 156, 1) || '0';
    const prefix = field(h, 345, 155);
    const name = prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100);
    let remaining = size;
    const body = async function* () {
      while (remaining > 0) {
        const chunk = await reader.some(Math.min(remaining, 1 << 20));
        if (chunk.length === 0) throw new Error('备份文件不完整（提前结束）');
        remaining -= chunk.length;
        yield chunk;
      }
    };
    if (type === '0') yield { name, size, body };
    for await (const _ of body()); // skip what the caller did not read, and non-file entries
    await reader.exactly(padding(size).length);
  }
}
