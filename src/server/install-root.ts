import fs from 'node:fs';
import path from 'node:path';

/**
 * The folder of the installed package (package.json, policies/, dist/, bin/). Found by walking
 * up from this module, because this code runs both from its source file (src/server/) and from
 * the server bundle (dist/server/huxiao.mjs), which sit at different depths.
 */
function findInstallRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'huxiao') return dir;
    if (path.dirname(dir) === dir) throw new Error(`找不到护校安园的安装目录（从 ${start} 向上没有 package.json）`);
  }
}

export const installRoot = findInstallRoot(import.meta.dirname);
