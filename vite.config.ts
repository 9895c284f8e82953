import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The web bundle. The server serves dist/web as static files and everything under /api itself;
 * in development the Vite server forwards /api to a locally running API on port 3000.
 */
export default defineConfig({
  root: path.resolve(here, 'src/web'),
  plugins: [react()],
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
