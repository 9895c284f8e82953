import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The pages a phone must be able to open without a network (the offline inspection, the signed-in frame), besides the entry. */
const offlinePages = /src\/web\/(pages\/(inspections\/|patrol\/|drills\/|education\/|gate-log\/|home\/HomePage)|layout\/AppLayout)/;

type OutChunk = {
  type: 'chunk';
  fileName: string;
  isEntry: boolean;
  facadeModuleId: string | null;
  imports: string[];
  viteMetadata?: { importedCss: Set<string> };
};
type OutFile = OutChunk | { type: 'asset'; fileName: string };

/**
 * Emits sw.js (source: src/web/offline/sw.js) with this build's version and the files it keeps
 * at install: index.html, the entry and the offline pages with everything they import statically.
 * Other pages are kept when first opened. A new build changes the version, so the phone installs
 * the new worker and drops the old files.
 */
function serviceWorker(): Plugin {
  return {
    name: 'huxiao-service-worker',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const files = bundle as unknown as Record<string, OutFile>;
      const keep = new Set<string>();
      const add = (fileName: string) => {
        const f = files[fileName];
        if (!f || keep.has(fileName)) return;
        keep.add(fileName);
        if (f.type !== 'chunk') return;
        for (const css of f.viteMetadata?.importedCss ?? []) keep.add(css);
        for (const dep of f.imports) add(dep);
      };
      for (const f of Object.values(files)) {
        if (f.type === 'chunk' && (f.isEntry || (f.facadeModuleId && offlinePages.test(f.facadeModuleId.replaceAll('\\', '/'))))) add(f.fileName);
      }
      const precache = [
        '/index.html',
        ...[...keep]
          .filter((f) => f !== 'index.html')
          .sort()
          .map((f) => `/${f}`),
      ];
      const version = createHash('sha256')
        .update(Object.keys(files).sort().join('\n'))
        .update(String((files['index.html'] as { source?: unknown } | undefined)?.source ?? ''))
        .digest('hex')
        .slice(0, 12);
      const source = fs
        .readFileSync(path.resolve(here, 'src/web/offline/sw.js'), 'utf8')
        .replace('__SW_VERSION__', version)
        .replace('__SW_PRECACHE__', JSON.stringify(precache));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Writes a .br and a .gz beside every text file of the bundle, once at build time; the server
 * sends the one the browser accepts (@fastify/static preCompressed), so serving costs no CPU.
 * Both: browsers offer brotli only over HTTPS, and a school's intranet may serve plain HTTP.
 */
function precompress(): Plugin {
  return {
    name: 'huxiao-precompress',
    apply: 'build',
    async writeBundle(options) {
      const dir = options.dir as string;
      const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(js|css|html|svg|json|txt)$/.test(f));
      await Promise.all(
        files.map(async (f) => {
          const file = path.join(dir, f);
          const data = fs.readFileSync(file);
          if (data.length < 1024) return;
          const [br, gz] = await Promise.all([
            brotli(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } }),
            gzip(data, { level: 9 }),
          ]);
          fs.writeFileSync(`${file}.br`, br);
          fs.writeFileSync(`${file}.gz`, gz);
        }),
      );
    },
  };
}

/**
 * The web bundle. The server serves dist/web as static files and everything under /api itself;
 * in development the Vite server forwards /api to a locally running API on port 3000.
 */
export default defineConfig({
  root: path.resolve(here, 'src/web'),
  plugins: [react(), serviceWorker(), precompress()],
  build: {
    outDir: path.resolve(here, 'dist/web'),
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // React changes rarely and every page needs it: its own long-cached chunk. antd is left to
        // the automatic split on purpose: one antd chunk was 1 MB (326 kB gzip) on the login page,
        // while split by use the login page loads about a third of that and the table, tree and
        // date-picker code arrive only with the pages that use them (phones on rural networks).
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/, priority: 30 },
            { name: 'icons', test: /node_modules[\\/]@ant-design[\\/]icons/, priority: 20 },
            // Only the dashboard pages import ECharts: its own chunk, fetched with them and never on a phone's check.
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 25 },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      // Not a plain '/api' prefix: the web's own modules live in src/web/api/ and the dev server
      // serves them as /api/client.ts etc. Only requests that are not TypeScript sources go to the API.
      '^/api/(?![^?]*\\.tsx?(?:\\?|$))': 'http://127.0.0.1:3000',
    },
  },
});
