import fs from 'node:fs';
import path from 'node:path';

/**
 * Where uploaded files live. Local disk under DATA_DIR/files today; an S3-compatible store
 * implements the same three calls. Keys are opaque (`<district>/<yyyy>/<uuid>`), never user input.
 */
export interface FileStore {
  put(key: string, data: Buffer): Promise<void>;
  get(key: string): Promise<Buffer>;
  remove(key: string): Promise<void>;
}

/** Suffix of a file being written; renamed away when complete. */
const PART = '.part';

export class LocalFileStore implements FileStore {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    const p = path.resolve(this.root, key);
    if (!p.startsWith(path.resolve(this.root) + path.sep)) throw new Error(`invalid storage key: ${key}`);
    return p;
  }

  async put(key: string, data: Buffer): Promise<void> {
    const p = this.pathOf(key);
    await fs.promises.mkdir(path.dirname(p), { recursive: true });
    // Write then rename: a crash never leaves a half-written file under the final name.
    const tmp = `${p}${PART}`;
    await fs.promises.writeFile(tmp, data);
    await fs.promises.rename(tmp, p);
  }

  get(key: string): Promise<Buffer> {
    return fs.promises.readFile(this.pathOf(key));
  }

  async remove(key: string): Promise<void> {
    await fs.promises.rm(this.pathOf(key), { force: true });
  }

  /**
   * Deletes the `.part` files that uploads interrupted by a crash or kill left behind (put()
   * writes `<key>.part`, then renames it). Only files last written at least `olderThanMs` before
   * `now` go, so an upload in flight (in this process since `now`, or in another process sharing
   * the folder) is left alone. Returns how many were deleted.
   */
  async removeLeftoverParts(olderThanMs: number, now = Date.now()): Promise<number> {
    let names: string[];
    try {
      names = await fs.promises.readdir(this.root, { recursive: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw e;
    }
    let removed = 0;
    for (const name of names.filter((n) => n.endsWith(PART))) {
      const p = path.join(this.root, name);
      const stat = await fs.promises.stat(p).catch(() => null);
      if (!stat?.isFile() || now - stat.mtimeMs < olderThanMs) continue;
      await fs.promises.rm(p, { force: true });
      removed++;
    }
    return removed;
  }
}
