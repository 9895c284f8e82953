// The server bundle: src/cli/main.ts and everything it imports from src/ and node_modules in one
// ES module, dist/server/huxiao.mjs, so `npm start` does not compile TypeScript on every start
// (tsx took ~2.6 s of a 6 s start). Run by `npm run build`, and by bin/huxiao.mjs on `start`
// when the bundle is missing or older than its sources. Plain JavaScript: it must run before
// anything can load TypeScript. `node scripts/build-server.mjs` builds it by hand.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const serverBundle = path.join(root, 'dist/server/huxiao.mjs');

/**
 * Entry points, by output name. A worker thread's module goes here too (it is loaded by file
 * name at run time, so it must be its own output file next to huxiao.mjs).
 */
const entryPoints = { huxiao: 'src/cli/main.ts' };

/**
 * Left to Node's own resolution in node_modules, for a reason each: PGlite loads its .wasm and
 * data files relative to its own module; argon2 is a native addon; pdfkit reads its AFM font
 * metrics from its own folder; pg-native is pg's optional addon (not installed). exceljs and
 * pdfkit are also imported lazily by the code (src/server/shared/lazy-modules.ts): kept out of
 * the bundle, their ~0.5 s of loading is paid on the first export instead of at every start.
 */
const external = ['@electric-sql/pglite', '@node-rs/argon2', 'pdfkit', 'exceljs', 'pg-native'];

/** What the bundle is built from besides src/ (a changed lock file may change bundled packages). */
const inputs = ['package-lock.json', 'scripts/build-server.mjs'];

const webSrc = path.join(root, 'src/web'); // the web app has its own bundle (src/cli/web-build.ts)

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (p === webSrc) continue;
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** 'fresh', 'missing' or 'stale' (a source, the lock file or this script is newer). */
export function serverBundleState() {
  if (!fs.existsSync(serverBundle)) return 'missing';
  const src = path.join(root, 'src');
  if (!fs.existsSync(src)) return 'fresh'; // an install without sources runs what it has
  const mtimes = [newestMtime(src), ...inputs.map((f) => (fs.existsSync(path.join(root, f)) ? fs.statSync(path.join(root, f)).mtimeMs : 0))];
  return fs.statSync(serverBundle).mtimeMs >= Math.max(...mtimes) ? 'fresh' : 'stale';
}

/**
 * Builds the bundle (about a second). Files are written under a temporary name and renamed, so
 * a process starting meanwhile never loads half a file; the bundle's mtime is set to the build's
 * start, so a source saved during the build still counts as newer.
 */
export async function buildServerBundle() {
  const started = new Date();
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints,
    outdir: path.dirname(serverBundle),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    charset: 'utf8',
    external,
    sourcemap: 'linked',
    sourcesContent: false,
    write: false,
    logLevel: 'warning',
    // Bundled CommonJS packages call require() for Node's built-ins; an ES module has none.
    banner: { js: "import { createRequire as __huxiaoCreateRequire } from 'node:module'; const require = __huxiaoCreateRequire(import.meta.url);" },
  });
  fs.mkdirSync(path.dirname(serverBundle), { recursive: true });
  for (const file of result.outputFiles) {
    const tmp = `${file.path}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, file.contents);
    fs.utimesSync(tmp, started, started);
    fs.renameSync(tmp, file.path);
  }
}

/** The bundle as an importable URL. */
export const serverBundleUrl = () => pathToFileURL(serverBundle).href;

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  await buildServerBundle();
  console.log(`服务端程序已构建：${path.relative(root, serverBundle)}（${((performance.now() - t0) / 1000).toFixed(1)} 秒）`);
}
