import { defineConfig } from 'vitest/config';

// End-to-end suites: each file starts the real server (fresh data directory, demo district)
// and drives Debian's chromium through playwright-core. One file at a time: every server
// holds its own PGlite database (~700 MB) and the machines have two cores.
export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    pool: 'forks',
    // A page re-renders after a network round trip: poll for seconds, not vitest's default 1 s.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    env: { TZ: 'Asia/Shanghai' },
  },
});
