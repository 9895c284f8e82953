import geodesic from 'geographiclib-geodesic';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, type RunningServer, startServer } from './harness';

/**
 * 校园周边 in the browser (issue 11): the district admin records a school's 南门 (正门) in the school
 * profile form, then registers a 网吧 126 m from that gate on the premises page, sees the breach
 * ("网吧…距XX小学南门 126 米，违反 200 米内禁设规定") and turns it into a hazard handed over (交办)
 * to the 文化 department in one step. Screenshots of both pages go to SHOT_DIR when set.
 */
const wgs84 = geodesic.Geodesic.WGS84;
const CULTURE = '区文化市场综合行政执法支队';
const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
/** The point `metres` from p along `azimuth` (degrees), rounded to the 6 decimals the forms keep. */
const move = (p: { lat: number; lng: number }, metres: number, azimuth: number) => {
  const d = wgs84.Direct(p.lat, p.lng, azimuth, metres);
  return { lat: r6(d.lat2 as number), lng: r6(d.lon2 as number) };
};

describe('premises near a school: record, breach, hand over', () => {
  let server: RunningServer;
  let browser: Browser;
  let ctx: BrowserContext;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    ctx = await newContext(browser, server.baseUrl);
    const login = await ctx.request.post('/api/auth/login', { data: { username: 'admin', password: server.password } });
    expect(login.status()).toBe(200);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the gate from the school form measures the 网吧; the breach becomes a hazard handed over to 文化 in one step', async () => {
    const api = async <T>(url: string) => (await (await ctx.request.get(url)).json()) as T;
    // The demo district's 文化 department (区文化市场综合行政执法支队) supervises 网吧.
    const deps = await api<{ items: { name: string }[] }>('/api/org-units?kind=department');
    expect(deps.items.map((d) => d.name)).toContain(CULTURE);
    // A primary school with a point and no gates yet.
    const list = await api<{ items: { id: string; name: string; latitude: number | null; longitude: number | null }[] }>(
      '/api/schools?schoolType=primary&pageSize=100&sort=code',
    );
    let school: { id: string; name: string; lat: number; lng: number } | undefined;
    for (const s of list.items.filter((x) => x.latitude !== null && x.longitude !== null).reverse()) {
      if ((await api<{ gates: unknown[] }>(`/api/schools/${s.id}`)).gates.length === 0) {
        school = { id: s.id, name: s.name, lat: Number(s.latitude), lng: Number(s.longitude) };
        break;
      }
    }
    if (!school) throw new Error('no primary school without gates in the demo district');
    const gate = move(school, 80, 180);
    const cafe = move(gate, 126, 180);

    // 1. The school form: add 南门, clear 正门 (refused: at least one main gate), tick it again, save.
    const page = await ctx.newPage();
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`/schools/${school.id}/edit`);
    await page.getByTestId('school-gate-add').click();
    const row = page.getByTestId('school-gate-row').first();
    await row.getByLabel('校门名称').fill('南门');
    await row.getByLabel('校门经度').fill(String(gate.lng));
    await row.getByLabel('校门纬度').fill(String(gate.lat));
    await row.getByText('正门').click(); // untick
    await page.getByRole('button', { name: /^保\s*存$/ }).click();
    await page.getByText('请至少指定一个正门（主校门）').waitFor();
    await row.getByText('正门').click(); // tick again
    await page.getByRole('button', { name: /^保\s*存$/ }).click();
    await page.getByText('已保存').first().waitFor();
    const saved = await api<{ gates: { name: string; isMain: boolean; latitude: number; longitude: number }[] }>(`/api/schools/${school.id}`);
    expect(saved.gates).toEqual([{ name: '南门', isMain: true, latitude: gate.lat, longitude: gate.lng }]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    if (process.env.SHOT_DIR) await page.screenshot({ path: `${process.env.SHOT_DIR}/school-form-gates.png`, fullPage: true });

    // 2. The premises page: register the 网吧 126 m south of 南门 with its supervising department.
    await page.goto('/surroundings');
    await page.getByTestId('premise-new').click();
    const drawer = page.locator('.ant-drawer').filter({ hasText: '登记周边场所' });
    await drawer.getByLabel('场所类型').click();
    await page.locator('.ant-select-item-option[title="网吧（上网服务场所）"]').click();
    await drawer.getByLabel('名称').fill('南门外星空网吧');
    await drawer.getByLabel('地址').fill('南门外 126 米');
    await drawer.getByLabel('纬度').fill(String(cafe.lat));
    await drawer.getByLabel('经度').fill(String(cafe.lng));
    await drawer.getByLabel('主管部门').click();
    await drawer.getByLabel('主管部门').fill('文化');
    await page.locator(`.ant-select-item-option[title="${CULTURE}"]`).click();
    // Every label a 转为隐患 button shows from here on, however briefly (the row must not flash the wrong one).
    await page.evaluate(() => {
      const w = window as unknown as { raiseLabels: string[] };
      w.raiseLabels = [];
      const seen = () => {
        for (const b of document.querySelectorAll('[data-testid="raise-hazard"]'))
          if (b.closest('[data-testid="premise-row"]')?.textContent?.includes('南门外星空网吧')) w.raiseLabels.push((b.textContent ?? '').replace(/\s/g, ''));
      };
      new MutationObserver(seen).observe(document.body, { childList: true, subtree: true, characterData: true });
    });
    await page.getByTestId('premise-save').click();
    const message = `网吧（上网服务场所）距${school.name}南门 126 米，违反 200 米内禁设规定`;
    const modal = page.locator('.ant-modal-confirm');
    await modal.getByText('该场所违反学校周边禁设规定').last().waitFor();
    expect(await modal.textContent()).toContain(message);
    await modal.getByRole('button').last().click();

    // 3. In the list the breach reads the same; one click makes it a hazard handed over to 文化.
    const listRow = page.getByTestId('premise-row').filter({ hasText: '南门外星空网吧' });
    await listRow.waitFor();
    expect(await listRow.textContent()).toContain(message);
    // (It may breach a neighbouring school's zone too: each breach has its own button.)
    const breach = listRow.getByTestId(`breach-${school.id}`);
    const raise = breach.getByTestId('raise-hazard');
    await raise.waitFor();
    expect((await raise.textContent())?.replace(/\s/g, '')).toBe('转为隐患并交办');
    // No button until the refetched list says whether it hands over: never a 转为隐患 that turns into 转为隐患并交办.
    const labels = await page.evaluate(() => (window as unknown as { raiseLabels: string[] }).raiseLabels);
    expect(labels.length).toBeGreaterThan(0);
    expect(new Set(labels)).toEqual(new Set(['转为隐患并交办']));
    await raise.click();
    await page.getByText(new RegExp(`已转为隐患 .+：已交办${CULTURE}`)).waitFor();
    const link = breach.getByRole('link', { name: /^隐患 / });
    await link.waitFor();
    const hazardId = /\/hazards\/([0-9a-f-]{36})/.exec((await link.getAttribute('href')) ?? '')?.[1];
    const { hazard, timeline } = await api<{
      hazard: { state: string; level: string; handedOverToName: string; title: string; schoolId: string };
      timeline: { action: string }[];
    }>(`/api/hazards/${hazardId}`);
    expect(timeline.map((e) => e.action)).toEqual(expect.arrayContaining(['report', 'assess', 'hand_over']));
    expect(hazard).toMatchObject({ state: 'assessed', level: 'general', handedOverToName: CULTURE, schoolId: school.id });
    expect(hazard.title).toContain('南门外星空网吧');
    if (process.env.SHOT_DIR) {
      await page
        .locator('.ant-table-content, .ant-table-body')
        .first()
        .evaluate((el) => el.scrollTo({ left: 0 }));
      await page.screenshot({ path: `${process.env.SHOT_DIR}/premises.png` });
    }
  });
});
