import { deflateSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, type RunningServer, signIn, startServer } from './harness';

/**
 * 群众反映 (issue 12): a parent reports from the school's QR page on a 375 px phone without an
 * account, with a photo; the district admin triages the report into a hazard; the parent's status
 * look-up changes from 已收到 to 已受理 and shows the reply.
 */
const digits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 「三 加 七 等于几？」 → 10, as a person reads it. */
function answerOf(question: string): number {
  const m = /([零一二三四五六七八九十]) 加 ([零一二三四五六七八九十]) 等于几/.exec(question);
  if (!m) throw new Error(`unexpected question ${question}`);
  return digits.indexOf(m[1] as string) + digits.indexOf(m[2] as string);
}

/** A real 8×8 grey PNG, so the phone has a photo to attach and the server's content check passes. */
function tinyPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = (crcTable[(c ^ x) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.from([0, 0, 0, 8, 0, 0, 0, 8, 8, 0, 0, 0, 0]);
  const rows = Buffer.concat(Array.from({ length: 8 }, () => Buffer.from([0, ...Array(8).fill(0x99)])));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('public reports', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a parent reports on a phone, the district turns it into a hazard, the parent sees the status change', async () => {
    // The school of the QR code: the demo principal's.
    const school = await (await newContext(browser, server.baseUrl)).newPage();
    await signIn(school, 'principal', server.password);
    const schoolId = (await (await school.request.get('/api/auth/me')).json()).orgUnitId as string;

    const phone = await (await newContext(browser, server.baseUrl, true)).newPage();
    await phone.goto(`/report/${schoolId}`);
    await phone.getByTestId('target-name').waitFor();
    expect(await noSideScroll(phone)).toBeLessThanOrEqual(0);
    await phone.getByLabel('问题描述').fill('学校东门外的护栏松动了，放学时孩子们挤在旁边很危险');
    await phone.getByLabel('地点（选填）').fill('东门外');
    await phone.getByTestId('photo-input').setInputFiles({ name: '护栏.png', mimeType: 'image/png', buffer: tinyPng() });
    await phone.getByAltText('照片 1').waitFor();
    await phone.getByLabel('称呼（选填）').fill('刘女士');
    await phone.getByLabel('联系电话（选填）').fill('13900001234');
    const label = (await phone.getByText(/等于几/).textContent()) ?? '';
    await phone.getByPlaceholder('填写数字').fill(String(answerOf(label)));
    await phone.waitForTimeout(3200); // the server refuses forms sent within 3 s of their question
    if (process.env.SHOT_DIR) await phone.screenshot({ path: `${process.env.SHOT_DIR}/public-report-form.png`, fullPage: true });
    await phone.getByRole('button', { name: /提\s*交\s*反\s*映/ }).click();
    const receipt = ((await phone.getByTestId('receipt').textContent()) ?? '').trim();
    expect(receipt).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/);
    expect(await noSideScroll(phone)).toBeLessThanOrEqual(0);
    await phone.getByRole('button', { name: '查询处理进度' }).click();
    await expect.poll(() => phone.getByTestId('public-status-label').textContent()).toBe('已收到，待处理');

    const desk = await (await newContext(browser, server.baseUrl)).newPage();
    await signIn(desk, 'admin', server.password);
    await desk.goto('/public-reports');
    const row = desk.getByRole('row').filter({ hasText: '护栏松动了' });
    await row.waitFor();
    expect(await row.textContent()).toContain('刘女士 13900001234');
    await row.getByRole('button', { name: /分\s*拣/ }).click();
    const dialog = desk.getByRole('dialog');
    await dialog.getByLabel('隐患标题').fill('东门外护栏松动');
    await dialog.getByLabel('部位').fill('校门');
    await desk.locator('.ant-select-item-option[title="校门"]').click();
    await dialog.getByLabel('类别').fill('设施');
    await desk.locator('.ant-select-item-option[title="设施设备"]').click();
    await dialog.getByLabel(/答复反映人/).fill('已交学校加固护栏，感谢您的反映');
    await dialog.getByLabel(/内部备注/).fill('请龙洲湾街道督促');
    if (process.env.SHOT_DIR) await desk.screenshot({ path: `${process.env.SHOT_DIR}/public-report-triage.png` });
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await desk.getByText(/已转为隐患 YH\d+/).waitFor();

    await phone.reload();
    await expect.poll(() => phone.getByTestId('public-status-label').textContent()).toBe('已受理');
    const shown = (await phone.getByTestId('public-status').textContent()) ?? '';
    expect(shown).toContain('已交学校加固护栏');
    expect(shown).not.toMatch(/龙洲湾街道督促|管理员|教委/);
    expect(await noSideScroll(phone)).toBeLessThanOrEqual(0);
    if (process.env.SHOT_DIR) await phone.screenshot({ path: `${process.env.SHOT_DIR}/public-report-status.png`, fullPage: true });

    // The hazard carries the parent's photo as its evidence, never the parent's name.
    await desk.getByRole('tab', { name: '已处理' }).click();
    await desk.getByRole('row').filter({ hasText: '护栏松动了' }).getByRole('link').click();
    await desk.getByText('东门外护栏松动').first().waitFor();
    expect(await desk.content()).not.toContain('刘女士');
  });
});
