import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, type RunningServer, signIn, startServer } from './harness';

/**
 * The phone's outbox (src/web/offline/outbox.ts, issue 9): staff on a 375×812 phone lose the
 * network, record a patrol round, see it 待上传, reload the page still offline (service worker +
 * IndexedDB) and still see it; back online it goes to the server once and the list shows it.
 */
describe('offline outbox: a patrol round recorded without a network', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const note = `离线巡查-${Date.now()}`;
  const shot = async (name: string) => {
    if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  };
  type Log = { id: string; code: string; note: string; patrolledAt: string };
  const mine = async () => {
    const res = await page.request.get('/api/patrol-logs?pageSize=100');
    expect(res.status()).toBe(200);
    return ((await res.json()).items as Log[]).filter((l) => l.note === note);
  };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await newContext(browser, server.baseUrl, true);
    page = await context.newPage();
    await signIn(page, 'staff', server.password);
  }, 600_000); // the demo district is built at first start: slow on a loaded CI machine

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('offline, a round is kept on the phone as 待上传 and survives a reload', { timeout: 300_000 }, async () => {
    await page.goto('/patrol-logs');
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 120_000 });
    await page.goto('/patrol-logs/new');
    await page
      .getByTestId('patrol-today')
      .getByText(/重点部位 \d+/)
      .waitFor();
    expect(await mine()).toHaveLength(0);

    await context.setOffline(true);
    await page.getByPlaceholder('备注（选填）').fill(note);
    await page.getByTestId('patrol-submit').click();
    await page.getByText('本条巡查已保存在本机（待上传）').waitFor();
    const outbox = page.getByTestId('outbox');
    await outbox.getByTestId('outbox-item').getByText('待上传').waitFor();
    expect(await outbox.getByTestId('outbox-item').count()).toBe(1);
    // The form is fresh for the next round: the note went with the queued entry.
    expect(await page.getByPlaceholder('备注（选填）').inputValue()).toBe('');
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await shot('outbox-queued');

    await page.reload();
    await page.getByTestId('outbox').getByTestId('outbox-item').getByText('待上传').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('outbox-item').count()).toBe(1);
  });

  it('back online, it is sent once and the list shows it', { timeout: 300_000 }, async () => {
    await context.setOffline(false);
    await page.getByTestId('outbox').waitFor({ state: 'detached', timeout: 30_000 });
    await expect.poll(async () => (await mine()).length, { timeout: 15_000 }).toBe(1);
    const [log] = await mine();
    await page.goto('/patrol-logs');
    // The phone's list shows the round by its time (as the page formats it: Shanghai, 24 h).
    const when = new Date(log?.patrolledAt ?? 0).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
    await page.getByTestId('patrol-row').filter({ hasText: when }).first().waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('outbox').count()).toBe(0);
    await shot('outbox-sent');
    // Nothing is left to send: a later sync (online event, timer) cannot make a second entry.
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.waitForTimeout(1_000);
    expect(await mine()).toHaveLength(1);
  });
});
