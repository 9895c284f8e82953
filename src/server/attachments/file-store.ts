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
    const tmp = `${p}.part`;
    await fs.promises.writeFile(tmp, data);
    await fs.promises.rename(tmp, p);
  }

  get(key: string): Promise<Buffer> {
    return fs.promises.readFile(this.pathOf(key));
  }

  async remove(key: string): Promise<void> {
    await fs.promises.rm(this.pathOf(key), { force: true });
  }
}
