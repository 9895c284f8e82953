import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildTemplate } from './template.js';

/**
 * Builds the test database template once per run: schema, the demo district and a second
 * district (to prove tenants never see each other). Every test file starts from a copy.
 */
export default async function setup(project: TestProject) {
  const started = Date.now();
  const info = await buildTemplate();
  project.provide('dbTemplate', info);
  console.log(`[test] template ready on ${info.kind} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return async () => {
    if (info.kind === 'pglite') fs.rmSync(info.location, { force: true });
    else {
      const { dropTemplate } = await import('./template.js');
      await dropTemplate(info);
    }
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    dbTemplate: { kind: 'pglite' | 'postgresql'; location: string; adminUrl: string };
  }
}

export const tmpFile = (name: string) => path.join(os.tmpdir(), `${name}-${process.pid}-${Date.now()}`);
