import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, type RunningServer, signIn, startServer, waitForServiceWorker } from './harness';
import { solidPng } from './hazard-helpers';

/**
 * The phone's outbox (src/web/offline/outbox.ts, issues 9 and 10): staff on a 375×812 phone lose
 * the network, record a patrol round with a finding and its photo, see it 待上传 with the photo
 * count, reload the page still offline (service worker + IndexedDB) and still see it; at the
 * gatehouse, still offline, let a visitor in and out again. Back online everything goes to the
 * server once — the photo before the round, the 进校 before the 离校 — and the lists show it.
 */
describe('offline outbox: a patrol round with a photo and a visitor in and out, without a network', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const note = `离线巡查-${Date.now()}`;
  const visitor = `离线访客${Date.now() % 10_000}`;
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

  it('offline, a round with a photo is kept on the phone as 待上传 and survives a reload', { timeout: 300_000 }, async () => {
    await page.goto('/patrol-logs');
    await waitForServiceWorker(page);
    // The gatehouse page seen once online: its day list is kept on the phone for later.
    await page.goto('/gate-log');
    await page.getByTestId('gate-enter').waitFor();
    await page.goto('/patrol-logs/new');
    await page
      .getByTestId('patrol-today')
      .getByText(/重点部位 \d+/)
      .waitFor();
    expect(await mine()).toHaveLength(0);

    await context.setOffline(true);
    await page.getByText('发现问题', { exact: true }).click();
    const finding = page.getByTestId('patrol-finding');
    await finding.getByPlaceholder('发现的问题，如：消防通道堆放杂物').fill('围墙东侧破损');
    // The photo is kept on the phone (no network to upload it to) and shown from its bytes.
    await finding
      .locator('input[type=file][aria-label="拍照"]')
      .setInputFiles({ name: '围墙.png', mimeType: 'image/png', buffer: solidPng([30, 120, 200], 64) });
    await finding.getByTestId('photo-thumb').locator('img').waitFor();
    await page.getByPlaceholder('备注（选填）').fill(note);
    await page.getByTestId('patrol-submit').click();
    await page.getByText('本条巡查及 1 张照片已保存在本机（待上传）').waitFor();
    const outbox = page.getByTestId('outbox');
    await outbox.getByTestId('outbox-item').getByText('待上传').waitFor();
    await expect.poll(() => outbox.getByTestId('outbox-item').count()).toBe(1);
    expect(await outbox.getByTestId('outbox-photos').textContent()).toContain('照片 1 张');
    // The form is fresh for the next round: the note went with the queued entry.
    expect(await page.getByPlaceholder('备注（选填）').inputValue()).toBe('');
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await shot('outbox-queued');

    await page.reload();
    await page.getByTestId('outbox').getByTestId('outbox-item').getByText('待上传').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('outbox-item').count()).toBe(1);
    await page.getByTestId('outbox-photos').getByText('照片 1 张').waitFor();
  });

  it('offline, the gatehouse lets a visitor in and out; both wait on the phone, in order', { timeout: 300_000 }, async () => {
    await page.goto('/gate-log');
    await page.getByTestId('gate-offline').waitFor({ timeout: 30_000 });
    await page.getByTestId('gate-name').fill(visitor);
    await page.getByTestId('gate-purpose').fill('送教材');
    await page.getByTestId('gate-enter').click();
    await page.getByText('当前离线：已保存在本机（待上传）').waitFor();
    const inside = page.getByTestId('gate-inside').filter({ hasText: visitor });
    await inside.getByText('待上传').waitFor();
    await inside.getByTestId('gate-leave').click();
    await page.getByText('离校已保存在本机（待上传）').waitFor();
    await page.getByTestId('gate-left').filter({ hasText: visitor }).getByText('待上传').waitFor();
    expect(await page.getByTestId('gate-inside').filter({ hasText: visitor }).count()).toBe(0);
    const items = page.getByTestId('outbox').getByTestId('outbox-item');
    await expect.poll(() => items.count()).toBe(2);
    expect(await items.nth(0).textContent()).toContain(`${visitor}`);
    expect(await items.nth(0).textContent()).toContain('进校');
    expect(await items.nth(1).textContent()).toContain('离校');
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await shot('outbox-gate-offline');
  });

  it('back online, each record and its photo are sent once and the lists show them', { timeout: 300_000 }, async () => {
    await context.setOffline(false);
    await page.getByTestId('outbox').waitFor({ state: 'detached', timeout: 60_000 });
    await expect.poll(async () => (await mine()).length, { timeout: 15_000 }).toBe(1);
    const [log] = await mine();
    // The round arrived with its finding's photo (uploaded first, once).
    const detail = await (await page.request.get(`/api/patrol-logs/${log?.id}`)).json();
    expect(detail.patrolLog.findings[0]).toMatchObject({ text: '围墙东侧破损' });
    expect(detail.patrolLog.attachments).toHaveLength(1);
    expect(detail.patrolLog.findings[0].attachmentIds).toEqual([detail.patrolLog.attachments[0].id]);
    const photo = await page.request.get(detail.patrolLog.attachments[0].url);
    expect(photo.status()).toBe(200);
    expect(photo.headers()['content-type']).toBe('image/png');
    // The visitor: in, then out, with the times taken at the gate.
    const me = await (await page.request.get('/api/auth/me')).json();
    const day = await (await page.request.get(`/api/gate-log?schoolId=${me.orgUnitId}`)).json();
    const entry = (day.items as { name: string; enteredAt: string; leftAt: string | null }[]).filter((i) => i.name === visitor);
    expect(entry).toHaveLength(1);
    expect(entry[0]?.leftAt).not.toBeNull();
    expect(Date.parse(entry[0]?.leftAt ?? '')).toBeGreaterThanOrEqual(Date.parse(entry[0]?.enteredAt ?? ''));
    await page.goto('/patrol-logs');
    // The phone's list shows the round by its time (as the page formats it: Shanghai, 24 h).
    const when = new Date(log?.patrolledAt ?? 0).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
    await page.getByTestId('patrol-row').filter({ hasText: when }).first().waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('outbox').count()).toBe(0);
    await shot('outbox-sent');
    // Nothing is left to send: a later sync (online event, timer) cannot make a second entry.
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.waitForTimeout(1_000);
    expect(await mine()).toHaveLength(1);
    await page.goto('/gate-log');
    await page.getByTestId('gate-left').filter({ hasText: visitor }).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('gate-left').filter({ hasText: visitor }).getByText('待上传').count()).toBe(0);
  });

  it('a photo the server refuses stops its round with the Chinese message; 删除 drops both', { timeout: 300_000 }, async () => {
    const bad = `${note}-假照片`;
    await page.goto('/patrol-logs/new');
    await page
      .getByTestId('patrol-today')
      .getByText(/重点部位 \d+/)
      .waitFor();
    await context.setOffline(true);
    await page.getByText('发现问题', { exact: true }).click();
    const finding = page.getByTestId('patrol-finding');
    await finding.getByPlaceholder('发现的问题，如：消防通道堆放杂物').fill('配电房门未锁');
    // Text dressed as a PNG: the phone keeps it, the server (which reads the bytes) will not.
    await finding
      .locator('input[type=file][aria-label="拍照"]')
      .setInputFiles({ name: '假照片.png', mimeType: 'image/png', buffer: Buffer.from('not a picture') });
    await finding.getByTestId('photo-thumb').waitFor();
    await page.getByPlaceholder('备注（选填）').fill(bad);
    await page.getByTestId('patrol-submit').click();
    await page.getByText('本条巡查及 1 张照片已保存在本机（待上传）').waitFor();
    await context.setOffline(false);
    const problem = page.getByTestId('outbox').getByTestId('outbox-problem');
    await problem.waitFor({ timeout: 60_000 });
    expect(await problem.textContent()).toMatch(/^照片「假照片\.png」上传失败：文件格式不支持/);
    await page.getByTestId('outbox').getByText('上传被拒').waitFor();
    await shot('outbox-photo-refused');
    const res = await page.request.get('/api/patrol-logs?pageSize=100');
    expect(((await res.json()).items as Log[]).filter((l) => l.note === bad)).toHaveLength(0);
    await page.getByTestId('outbox').getByRole('button', { name: '删除' }).click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /^删\s*除$/ })
      .click();
    await page.getByTestId('outbox').waitFor({ state: 'detached', timeout: 15_000 });
  });
});
