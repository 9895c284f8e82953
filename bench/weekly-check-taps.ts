// Taps a school safety officer needs on a 375×812 phone for the 28-item weekly check with one
// failed item (photo and note): from the inspection list to a submitted check. Each click, the
// photo taken, the tap into the note field and the signature stroke count as one tap each.
//   npx tsx bench/weekly-check-taps.ts --base http://127.0.0.1:3107
// Uses 「其余全部合格」 when the page has it, otherwise answers every item; answers a 「再查一次」
// question with 确定. Prints the count and what it was spent on; never fails on a figure.
import { chromium, type Locator, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../src/server/demo/demo-accounts.js';
import { solidPng } from '../tests/browser/hazard-helpers.js';

const FAIL_INDEX = 20;
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

const spent = new Map<string, number>();
let taps = 0;
async function tap(what: string, target: Locator | (() => Promise<void>)) {
  if (typeof target === 'function') await target();
  else await target.click();
  taps++;
  spent.set(what, (spent.get(what) ?? 0) + 1);
}

const answerButton = (card: Locator, label: string) => card.locator('.ant-radio-button-wrapper').filter({ hasText: new RegExp(`^${label}$`) });

/** Either the run page opens, or the page asks first whether to check again this period. */
async function confirmIfAsked(page: Page) {
  const ok = page.locator('.ant-modal-confirm .ant-btn-primary');
  const asked = await Promise.race([
    page.waitForURL(/\/inspections\/run\//, { timeout: 60_000 }).then(() => false),
    ok.waitFor({ timeout: 60_000 }).then(() => true),
  ]);
  if (asked) await tap('确认再查一次', ok);
}

async function run(page: Page) {
  await page.goto('/inspections');
  await tap('开始检查（列表）', page.getByRole('button', { name: /开始检查/ }).first());
  await page.waitForURL('**/inspections/new');
  await page.locator('.ant-select-content', { hasText: '周检查' }).waitFor();
  await tap('开始检查（表单）', page.locator('form').getByRole('button', { name: /开始检查/ }));
  await confirmIfAsked(page);
  await page.waitForURL(/\/inspections\/run\/[0-9a-f-]{36}$/);
  const items = page.getByTestId('run-item');
  await items.first().waitFor();
  const total = await items.count();
  const failed = items.nth(FAIL_INDEX);
  await tap('不合格', answerButton(failed, '不合格'));
  await tap('拍照', () =>
    failed.locator('input[type=file][aria-label="拍照"]').setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: solidPng([200, 30, 30]) }),
  );
  await failed.getByTestId('photo-thumb').waitFor();
  await tap('填写问题', failed.getByRole('textbox'));
  await failed.getByRole('textbox').fill('东门保安脱岗');
  const rest = page.getByRole('button', { name: /其余全部合格/ });
  if (await rest.count()) {
    await tap('其余全部合格', rest.first());
    const ok = page.locator('.ant-modal-confirm .ant-btn-primary');
    await tap('确认全部合格', ok);
    await ok.waitFor({ state: 'detached' });
  } else {
    for (let i = 0; i < total; i++) if (i !== FAIL_INDEX) await tap('合格', answerButton(items.nth(i), '合格'));
  }
  const canvas = page.getByTestId('signature-canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('signature canvas not visible');
  await tap('签名', async () => {
    await page.mouse.move(box.x + 30, box.y + 100);
    await page.mouse.down();
    for (const [dx, dy] of [
      [80, 40],
      [150, 110],
      [230, 50],
    ] as const)
      await page.mouse.move(box.x + dx, box.y + dy, { steps: 4 });
    await page.mouse.up();
  });
  await tap('确认签名', page.getByRole('button', { name: '确认签名' }));
  await page.getByTestId('signature-item').waitFor();
  await tap('提交', page.getByRole('button', { name: /提\s*交/ }).last());
  await page
    .getByTestId('sync-state')
    .filter({ hasText: /已提交|等待同步|正在同步/ })
    .waitFor({ timeout: 60_000 });
  return total;
}

async function main() {
  const base = arg('base') ?? 'http://127.0.0.1:3107';
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const context = await browser.newContext({
      baseURL: base,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 375, height: 812 },
      isMobile: true,
      hasTouch: true,
    });
    const login = await context.request.post('/api/auth/login', { data: { username: arg('user') ?? 'school_officer', password: DEMO_PASSWORD } });
    if (login.status() !== 200) throw new Error(`login answered ${login.status()}`);
    const page = await context.newPage();
    const total = await run(page);
    console.log(`weekly check, ${total} items, one failed (photo, note): ${taps} taps`);
    for (const [what, n] of spent) console.log(`  ${what.padEnd(12)} ${n}`);
  } finally {
    await browser.close();
  }
}

await main();
