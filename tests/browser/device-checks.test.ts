import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, type RunningServer, signIn, startServer } from './harness';

// The daily online check on a phone (375×812): the police officer opens the grid from the workbench's
// 今日在线巡检未完成, taps one device offline and saves the precinct's day. Screenshots go to
// /tmp/huxiao-device-checks/ (or SCREENSHOT_DIR).
const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/huxiao-device-checks';

describe('daily online check on a phone', () => {
  let server: RunningServer;
  let browser: Browser;
  const errors: string[] = [];
  const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the grid: all online by default, tap one offline, save', async () => {
    const p = await (await newContext(browser, server.baseUrl, true)).newPage();
    p.on('pageerror', (e) => errors.push(e.message));
    await signIn(p, 'police', server.password);
    await p.goto('/sanfang/device-checks?unchecked=true');
    const save = p.getByTestId('save-checks');
    await save.waitFor();
    await expect.poll(async () => (await save.textContent()) ?? '').toContain('离线 0 台');
    const first = p.locator('[data-testid^="device-"][aria-pressed="false"]').first();
    const id = (await first.getAttribute('data-testid')) as string;
    await first.click();
    await expect.poll(async () => p.getByTestId(id).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(async () => (await save.textContent()) ?? '').toContain('离线 1 台');
    await shot(p, 'grid-one-offline');
    await save.click();
    await p.getByText(/已保存 .* 巡检/).waitFor();
    // Saved: the unchecked filter now shows nothing for today.
    await p.getByText('范围内学校今日均已巡检').waitFor();
    await shot(p, 'grid-saved');
    await p.goto('/sanfang/device-checks');
    await expect.poll(async () => p.getByTestId(id).getAttribute('aria-pressed')).toBe('true');
    expect(errors).toEqual([]);
  }, 120_000);
});
