import { defineConfig } from 'vitest/config';

// Server and domain suites. Each test file gets its own database copied from a template
// (PGlite data-dir image, or a PostgreSQL template database when TEST_DATABASE_URL is set).
export default defineConfig({
  test: {
    include: ['tests/server/**/*.test.ts', 'tests/domain/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    setupFiles: ['tests/support/audit-key.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    env: { TZ: 'Asia/Shanghai' },
  },
});
