import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, type RunningServer, signIn, startServer } from './harness';

// 三防 on a phone (375×812): the school's safety officer records a guard and a camera, sees the
// school's gap against the standards, and turns a gap into a hazard. Screenshots go to
// /tmp/huxiao-sanfang/ (or SCREENSHOT_DIR) for review.
const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/huxiao-sanfang';

describe('三防 on a phone', () => {
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

  it('records a guard and a camera, sees the gap, turns it into a hazard', async () => {
    const p = await (await newContext(browser, server.baseUrl, true)).newPage();
    p.on('pageerror', (e) => errors.push(e.message));
    await signIn(p, 'school_officer', server.password);
    await p.goto('/sanfang');
    await p.waitForURL(/\/sanfang\/schools\/[0-9a-f-]{36}$/);
    const gap = p.getByTestId('school-guard-gap');
    await gap.waitFor();
    const before = Number((/现有(\d+)名/.exec((await gap.textContent()) ?? '') ?? [])[1]);
    await shot(p, 'school-standards');

    await p.getByRole('tab', { name: /人防/ }).click();
    await p.getByTestId('add-person').click();
    await p.getByLabel('姓名').fill('测试保安');
    await p.getByLabel('保安员证号').fill('YJBA-T1');
    await p.getByTestId('drawer-save').click();
    await expect.poll(async () => Number((/现有(\d+)名/.exec((await gap.textContent()) ?? '') ?? [])[1])).toBe(before + 1);

    await p
      .locator('.ant-drawer-mask')
      .waitFor({ state: 'detached' })
      .catch(() => undefined);
    await p.locator('.ant-drawer-content-wrapper').waitFor({ state: 'hidden' });
    const devicesTab = p.getByRole('tab', { name: /物防技防/ });
    await expect
      .poll(async () => {
        await devicesTab.click();
        return p.getByTestId('add-device').isVisible();
      })
      .toBe(true);
    await p.getByTestId('add-device').click();
    await p.getByLabel('名称').fill('测试摄像机');
    await p.getByTestId('drawer-save').click();
    await p.getByText('测试摄像机').first().waitFor();
    await p.locator('.ant-drawer-content-wrapper').waitFor({ state: 'hidden' });

    await p.getByRole('tab', { name: /标准对照/ }).click();
    const unmet = p.locator('[data-testid^="to-hazard-"]');
    // Count only once the tab shows its standards (count() does not wait).
    await p.locator('[data-testid^="standard-"]').first().waitFor({ state: 'visible' });
    if ((await unmet.count()) === 0) {
      // A fully compliant school: lower its wall below the district's 2.5 m to make a gap.
      await p.getByRole('tab', { name: /周界与封闭/ }).click();
      await p.getByLabel('围墙高度（米）').fill('2');
      await p.getByRole('button', { name: '保存' }).click();
      await p.getByRole('tab', { name: /标准对照/ }).click();
    }
    const first = unmet.first();
    const code = ((await first.getAttribute('data-testid')) ?? '').replace('to-hazard-', '');
    await first.click();
    await p
      .getByTestId(`standard-${code}`)
      .getByText(/已登记隐患/)
      .waitFor();
    await shot(p, 'school-after-hazard');
    await p
      .getByTestId(`standard-${code}`)
      .getByText(/已登记隐患/)
      .click();
    await p.waitForURL(/\/hazards\/[0-9a-f-]{36}$/);
    await p
      .getByText(/三防不达标/)
      .first()
      .waitFor();
    expect(errors).toEqual([]);
  });

  it('the district page shows the four rates and the gap sentence', async () => {
    const p = await (await newContext(browser, server.baseUrl, true)).newPage();
    p.on('pageerror', (e) => errors.push(e.message));
    await signIn(p, 'admin', server.password);
    await p.goto('/sanfang');
    const sentence = p.getByTestId('sanfang-sentence');
    await sentence.waitFor();
    expect(await sentence.textContent()).toMatch(/按目前规模应配保安\d+名，现有\d+名，缺\d+名/);
    for (const code of ['guards', 'closed', 'networked', 'anti_ram']) await p.getByTestId(`rate-${code}`).waitFor();
    await shot(p, 'district');
    await p.goto('/policy');
    await p.getByTestId('pack-sanfang').getByText('围墙高度与防攀爬').waitFor();
    await shot(p, 'policy');
    expect(errors).toEqual([]);
  });
});
