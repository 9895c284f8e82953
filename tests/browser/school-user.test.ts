import { describe, expect, it } from 'vitest';
import { demoSession } from './harness';

// school_officer is the safety officer of the demo's first school: scope is that one school.
describe('a school user sees only their own school', () => {
  const demo = demoSession();

  it('lists exactly one school on a desktop', async () => {
    const page = await demo.signedInPage('school_officer');
    await page.getByRole('menuitem', { name: '学校' }).click();
    await page.waitForURL('**/schools');
    await expect.poll(() => page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(1);
    await page.getByText('共 1 所').waitFor({ state: 'visible' });
    // District-only pages are not offered.
    await expect.poll(() => page.getByRole('menuitem', { name: '组织机构' }).count()).toBe(0);
    await expect.poll(() => page.getByRole('menuitem', { name: '用户' }).count()).toBe(0);
  });

  it('works on a 375×812 phone, menu in a drawer', async () => {
    const page = await demo.signedInPage('school_officer', { mobile: true });
    // No side menu on a phone: a hamburger opens the drawer.
    await expect.poll(() => page.locator('.ant-layout-sider').count()).toBe(0);
    await page.getByRole('button', { name: '打开菜单' }).click();
    const drawer = page.locator('.ant-drawer-open');
    await drawer.waitFor({ state: 'visible' });
    await drawer.getByRole('menuitem', { name: '学校' }).click();
    await page.waitForURL('**/schools');
    await drawer.waitFor({ state: 'hidden' });
    await expect.poll(() => page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(1);
    // The page itself never scrolls sideways; only the table does.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    await page.locator('.ant-table-tbody tr.ant-table-row').first().click();
    await page.waitForURL(/\/schools\/[0-9a-f-]{36}$/);
    await page.getByRole('button', { name: '编辑档案' }).click();
    await page.waitForURL(/\/schools\/[0-9a-f-]{36}\/edit$/);
    // A school user may edit the profile but not the district-owned identity fields.
    await expect.poll(() => page.getByLabel('学校名称').isDisabled()).toBe(true);
    await expect.poll(() => page.getByLabel('在校学生数').isEnabled()).toBe(true);
  });
});
