#!/usr/bin/env node
// The huxiao command. It runs the precompiled server bundle (dist/server/huxiao.mjs, see
// scripts/build-server.mjs) when that is up to date with src/. `start` builds the bundle when
// it is missing or older than the sources; other commands then run straight from the sources
// through tsx's loader (a fresh clone before any build), which is slower to load but the same code.
import { buildServerBundle, serverBundleState, serverBundleUrl } from '../scripts/build-server.mjs';

const argv = process.argv.slice(2);

async function loadMain() {
  // HUXIAO_FROM_SOURCE=1 runs the sources even when a bundle exists (debugging, benchmarks).
  let state = process.env.HUXIAO_FROM_SOURCE === '1' ? 'source' : serverBundleState();
  if ((state === 'missing' || state === 'stale') && argv[0] === 'start') {
    console.log(state === 'missing' ? '正在构建服务端程序（首次启动，约需几秒）……' : '服务端代码有更新，正在重新构建服务端程序……');
    const t0 = performance.now();
    await buildServerBundle();
    console.log(`服务端程序构建完成（${((performance.now() - t0) / 1000).toFixed(1)} 秒）。`);
    state = 'fresh';
  }
  if (state === 'fresh') {
    process.setSourceMapsEnabled(true); // stack traces name src/… lines, not bundle lines
    return import(serverBundleUrl());
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import('../src/cli/main.ts');
}

const { main } = await loadMain();
await main(argv);
