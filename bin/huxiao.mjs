#!/usr/bin/env node
// The huxiao command. TypeScript runs through tsx's loader, so there is no build step for
// the server; the web bundle is built on first start (see src/cli/web-build.ts).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv.slice(2));
