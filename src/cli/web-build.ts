import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { installRoot } from '../server/install-root.js';

const root = installRoot;
const webSrc = path.join(root, 'src/web');
const builtIndex = path.join(root, 'dist/web/index.html');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the web bundle when it is missing or older than its sources (first `npm start`). */
export function ensureWebBuilt(): void {
  if (!fs.existsSync(webSrc)) return;
  const sources = [
    newestMtime(webSrc),
    ...['vite.config.ts', 'package-lock.json'].map((f) => (fs.existsSync(path.join(root, f)) ? fs.statSync(path.join(root, f)).mtimeMs : 0)),
  ];
  if (fs.existsSync(builtIndex) && fs.statSync(builtIndex).mtimeMs >= Math.max(...sources)) return;
  console.log(fs.existsSync(builtIndex) ? '网页界面代码有更新，正在重新构建网页界面……' : '正在构建网页界面（首次启动，约需几秒到半分钟）……');
  const t0 = performance.now();
  const vite = path.join(root, 'node_modules/vite/bin/vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--config', path.join(root, 'vite.config.ts'), '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('网页界面构建失败（vite build），请查看上方输出');
  console.log(`网页界面构建完成（${((performance.now() - t0) / 1000).toFixed(1)} 秒）。`);
}
