// The case inbox in Chromium against the real server: a supervisor finds a citizen's fresh
// ticket by the applicant's mobile number, as typed with spaces, and narrows by status.
import { test, expect, expectAccessible, staffMove } from './fixtures.mjs';
import { fileRequest } from './helpers.mjs';

// The staff start page answers 401 before sign-in.
test.use({ expectedConsoleErrors: /status of 401 / });

test('a supervisor finds a fresh ticket by the applicant\'s mobile number and narrows the inbox by status', async ({ page }) => {
  const phone = `139${String(Date.now()).slice(-8)}`;
  const receipt = await fileRequest(page.request, { name: '陈美玲', phone });
  await page.goto('/staff');
  await page.getByLabel('账号名').fill(process.env.BANSHI_SUPERVISOR);
  await page.getByLabel('密码').fill(process.env.BANSHI_SUPERVISOR_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('heading', { name: '待办件' })).toBeVisible();
  await expectAccessible(page);

  const search = page.getByLabel('受理编号、手机号码或申请人姓名');
  await search.fill(`${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`);
  await search.press('Enter');
  const rows = page.locator('.app-table tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(receipt.ticket);
  await expect(rows.first()).toContainText('陈美玲');
  await expect(rows.first()).toContainText('已收到');
  await expect(rows.first().locator('.app-due')).toHaveText(/正常|即将到期/);
  await expectAccessible(page);

  await page.getByLabel('状态', { exact: true }).selectOption({ label: '已受理' });
  await page.getByRole('button', { name: '筛选' }).click();
  await expect(page.getByRole('status').filter({ hasText: '暂无办件' })).toBeVisible();
  await staffMove(page.request, receipt.ticket, 'accepted', '材料齐全，已受理');
  await page.getByRole('button', { name: '筛选' }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('已受理');
  await expectAccessible(page);
});
