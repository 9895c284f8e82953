import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, type RunningServer, signIn, startServer } from './harness';

/**
 * The home page is each role's workbench. Screenshots of every role's home (1440×900) and the
 * school officer's phone (375×812) are written to SHOT_DIR for a person to look at.
 */
const SHOT_DIR = process.env.WORKBENCH_SHOTS ?? path.join(os.tmpdir(), 'huxiao-workbench-shots');
const roles = ['admin', 'leader', 'inspector', 'dept_officer', 'centre_officer', 'police', 'joint_inspector', 'principal', 'school_officer', 'staff'];

describe('the workbench is every role home page', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    fs.mkdirSync(SHOT_DIR, { recursive: true });
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function home(user: string, mobile = false): Promise<{ page: Page; errors: string[] }> {
    const page = await (await newContext(browser, server.baseUrl, mobile)).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, user, server.password);
    // Signed in: from here on the console must stay clean.
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.getByTestId('workbench').waitFor();
    await page.getByTestId('abilities').getByText('隐患：').waitFor();
    await page.locator('[data-testid^=wb-section-]').first().waitFor();
    return { page, errors };
  }

  const countIn = async (page: Page, key: string) => Number(await page.getByTestId(`wb-${key}`).getByTestId('wb-count').textContent());

  it('shows each role its own sections at 1440×900', async () => {
    for (const user of roles) {
      const { page, errors } = await home(user);
      const sections = await page.locator('[data-testid^=wb-section-]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
      const school = ['principal', 'school_officer', 'staff'].includes(user);
      // The district's own duties (joint group), a department's own duties (seed 003) and the daily
      // online check of gate video and alarms (police, 教管中心, district) show too.
      expect(sections.includes('wb-section-duties'), user).toBe(
        school || ['admin', 'joint_inspector', 'dept_officer', 'centre_officer', 'police'].includes(user),
      );
      // Supervisors always have the supervision section; a school only for what is addressed to it
      // (a 通报/挂牌督办 to acknowledge, a joint meeting's task it owns — the demo gives the first school both).
      const supervisionKeys = await page
        .locator('[data-testid=wb-section-supervision] [data-testid^="wb-"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? '').filter((k) => k !== 'wb-count'));
      if (school)
        expect(
          supervisionKeys.filter((k) => !/^wb-(bulletins\.to_acknowledge|meeting_tasks\.mine)/.test(k)),
          user,
        ).toEqual([]);
      else expect(sections.includes('wb-section-supervision'), user).toBe(true);
      // A to-do without a duty period shows as a count in the duties card, not an empty card.
      if (user === 'police') expect(await page.getByTestId('wb-section-duties').getByTestId('wb-device_checks.today').count(), user).toBe(1);
      expect(sections.at(-1), user).toBe('wb-section-inbox');
      expect(await page.getByTestId('wb-dashboard').count(), user).toBe(user === 'admin' || user === 'leader' ? 1 : 0);
      await page.screenshot({ path: path.join(SHOT_DIR, `${user}-1440.png`) });
      expect(errors, user).toEqual([]);
      await page.context().close();
    }
  });

  it('fits the school officer first screen on a 375×812 phone', async () => {
    const { page, errors } = await home('school_officer', true);
    await page.getByTestId('wb-section-notices').waitFor();
    await page.screenshot({ path: path.join(SHOT_DIR, 'school_officer-375.png') });
    // Duties, the school's hazards and the notices are all on the first screen, nothing scrolls sideways.
    const bottom = await page.getByTestId('wb-section-notices').evaluate((e) => e.getBoundingClientRect().bottom);
    expect(bottom).toBeLessThanOrEqual(812);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await expect.poll(() => page.getByRole('button', { name: /开始/ }).count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a count clicked opens the ledger with the same total', async () => {
    const { page } = await home('admin');
    for (const key of ['hazards.overdue', 'hazards.to_verify']) {
      const n = await countIn(page, key);
      expect(n, key).toBeGreaterThan(0);
      await page.getByTestId(`wb-${key}`).click();
      await page.waitForURL('**/hazards?**');
      await page.getByText(`共 ${n} 项`).waitFor();
      await page.goBack();
      await page.getByTestId('workbench').waitFor();
    }
    await page.context().close();
  });

  it('the school sees its own queue with the filter named, and the same total', async () => {
    const { page } = await home('school_officer');
    const n = await countIn(page, 'hazards.rectifying');
    await page.getByTestId('wb-hazards.rectifying').click();
    await page.waitForURL(/responsibleUnitId=/);
    await page.getByTestId('filter-responsibleUnitId').getByText('由本单位整改').waitFor();
    await page.getByText(`共 ${n} 项`).waitFor();
    await page.context().close();
  });

  it('urges an overdue hazard from the workbench, once', async () => {
    const { page } = await home('admin');
    const row = page.locator('[data-testid^=wb-row-]').first();
    const button = row.getByRole('button', { name: /催办/ });
    await button.click();
    await page.getByLabel('催办说明').fill('请本周内完成整改');
    await page.getByRole('button', { name: /发送催办/ }).click();
    await page.getByText(/已催办 YH/).waitFor();
    await expect.poll(() => row.getByRole('button', { name: /催办/ }).count()).toBe(0);
    // The hazard's own page shows it in the timeline, and no second 催办 today.
    await row.getByRole('link', { name: /^YH/ }).click();
    await page.waitForURL(/\/hazards\/[0-9a-f-]{36}$/);
    await page.getByText('请本周内完成整改').waitFor();
    expect(await page.getByTestId('action-bar').getByRole('button', { name: /催办/ }).count()).toBe(0);
    await page.context().close();
  });
});
