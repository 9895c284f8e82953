#!/usr/bin/env node
// Runs Biome's native binary directly. The registry this project installs from carries Biome's
// Linux builds only, so the `@biomejs/biome` wrapper (which lists every platform) cannot be
// locked; the Linux binaries are optional dependencies instead, and this shim picks one.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const pkg = `@biomejs/cli-${process.platform}-${process.arch}`;
let binary;
try {
  binary = path.join(path.dirname(require.resolve(`${pkg}/package.json`)), process.platform === 'win32' ? 'biome.exe' : 'biome');
} catch {
  console.error(`Biome is not installed for ${process.platform}-${process.arch} (${pkg}); only Linux x64/arm64 builds are available here.`);
  process.exit(1);
}
const r = spawnSync(binary, process.argv.slice(2), { stdio: 'inherit' });
process.exit(r.status ?? 1);
