// Staff journeys in Chromium against the real server in demo mode: sign-in, a new officer's
// one-time password, roles, signing out, the audit log and kiosk enrolment. axe checks each
// page and state; the forms are driven by keyboard.
import { test, expect, expectAccessible } from './fixtures.mjs';

// Signed-out checks, refused sign-ins and the officer's refused page answer 401 and 403.
test.use({ expectedConsoleErrors: /status of 40[13] / });

const supervisor = process.env.BANSHI_SUPERVISOR;
const supervisorPassword = process.env.BANSHI_SUPERVISOR_PASSWORD;

/** Signs in on the open sign-in page with the keyboard alone. */
async function signIn(page, name, password) {
  await page.getByLabel('账号名').focus();
  await page.keyboard.type(name);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
}

async function signOut(page) {
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('工作人员登录');
}

test('a supervisor adds an officer, who must change the one-time password and cannot manage accounts; the audit log shows it all', async ({ page }) => {
  await page.goto('/staff');
  // Not signed in: the staff home sends you to sign in.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('工作人员登录');
  await expect(page).toHaveURL(/\/staff\/login$/);
  await expectAccessible(page);

  await page.getByRole('button', { name: '登录' }).click();
  const summary = page.locator('.app-error-summary');
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link')).toHaveText(['请填写“账号名”', '请填写“密码”']);
  await expectAccessible(page);

  // A wrong password and an unknown account read the same.
  await signIn(page, supervisor, 'not the password at all');
  await expect(summary).toContainText('账号名或密码不正确。');
  const wrong = await summary.innerText();
  await page.getByLabel('账号名').fill('');
  await signIn(page, 'nobody.here', 'not the password at all');
  await expect(summary).toContainText('账号名或密码不正确。');
  expect(await summary.innerText()).toBe(wrong);

  await page.getByLabel('账号名').fill('');
  await signIn(page, supervisor, supervisorPassword);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('工作台');
  await expect(page.getByText(/已登录：张敏（主管）/)).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('link', { name: '工作人员账号' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('工作人员账号');
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await expectAccessible(page);
  const officer = `officer.e2e${Date.now() % 100000}`;
  await page.getByRole('button', { name: '添加账号并生成一次性密码' }).click();
  await expect(summary).toBeFocused();
  await expectAccessible(page);
  await page.getByLabel('账号名').fill(officer);
  await page.getByLabel('姓名').fill('周杰');
  await page.getByLabel('业务经办人').check();
  await page.getByRole('button', { name: '添加账号并生成一次性密码' }).click();
  await expect(summary).toContainText('请填写“负责类别”');
  await page.locator('#category-0').check();
  await page.getByRole('button', { name: '添加账号并生成一次性密码' }).click();
  await expect(page.getByRole('status').filter({ hasText: `已添加账号 ${officer}` })).toBeVisible();
  const oneTime = (await page.locator('#one-time-password').innerText()).trim();
  expect(oneTime).toMatch(/^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){3}$/);
  await expect(page.getByRole('link', { name: officer })).toBeVisible();
  await expectAccessible(page);

  await signOut(page);
  await page.goto('/staff/accounts');
  await expect(page).toHaveURL(/\/staff\/login$/, { timeout: 10_000 });

  // The officer's first sign-in leads to changing the one-time password.
  await signIn(page, officer, oneTime);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('修改密码');
  await expect(page.getByText('您使用的是一次性密码，请先设置自己的密码。')).toBeVisible();
  await expectAccessible(page);
  await page.goto('/staff/accounts');
  await expect(page).toHaveURL(/\/staff\/password$/);
  await page.getByLabel('当前密码').fill(oneTime);
  await page.getByLabel('新密码').fill(`${officer}-secret`);
  await page.getByRole('button', { name: '保存新密码' }).click();
  await expect(summary).toContainText('太容易猜到');
  await expectAccessible(page);
  await page.getByLabel('新密码').fill('春眠不觉晓，处处闻啼鸟。夜来风雨声');
  await page.getByRole('button', { name: '保存新密码' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('工作台');
  await expect(page.getByRole('heading', { name: '待办件' })).toBeVisible();
  await expectAccessible(page);

  // An officer has no accounts page, in the menu or by address.
  await expect(page.getByRole('link', { name: '工作人员账号' })).toHaveCount(0);
  await page.goto('/staff/accounts');
  await expect(page.getByRole('alert')).toHaveText('您的账号角色不能使用此页面。如需要，请联系主管。');
  await expectAccessible(page);
  const direct = await page.request.get('/api/v1/staff/accounts');
  expect(direct.status()).toBe(403);
  await signOut(page);
  const after = await page.request.get('/api/v1/staff/session');
  expect(after.status(), 'signing out ends the session').toBe(401);

  await signIn(page, supervisor, supervisorPassword);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('工作台');
  await page.getByRole('link', { name: '操作日志' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('操作日志');
  const log = page.locator('table.app-table');
  for (const action of ['登录失败', '添加账号', '修改密码', '退出登录']) {
    await expect(log.getByRole('cell', { name: action, exact: true }).first()).toBeVisible();
  }
  await expect(log.getByRole('row').filter({ hasText: 'nobody.here' })).toContainText('登录失败');
  await expectAccessible(page);
  await page.getByLabel('账号名').fill(officer);
  await page.getByRole('button', { name: '筛选' }).click();
  await expect(log.getByRole('row').filter({ hasText: '修改密码' })).toHaveCount(1);
  await expect(log.locator('tbody tr').filter({ hasNotText: officer })).toHaveCount(0);
  await page.getByLabel('操作').selectOption('sign_in_failed');
  await page.getByLabel('账号名').fill('');
  await page.getByRole('button', { name: '筛选' }).click();
  await expect(log.locator('tbody tr').filter({ hasNotText: '登录失败' })).toHaveCount(0);
  await expectAccessible(page);
});

test('a supervisor enrols a kiosk with a one-time link that the terminal opens, and revokes it', async ({ page, browser }) => {
  await page.goto('/staff/login');
  await signIn(page, supervisor, supervisorPassword);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('工作台');
  await page.getByRole('link', { name: '自助终端' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('自助终端');
  await expectAccessible(page);
  await page.getByRole('button', { name: '生成登记链接' }).click();
  await expect(page.locator('.app-error-summary')).toBeFocused();
  await page.getByLabel('大厅').selectOption({ index: 1 });
  await page.getByLabel('位置说明').fill('入口左侧');
  await page.getByRole('button', { name: '生成登记链接' }).click();
  await expect(page.getByRole('heading', { name: '登记链接已生成' })).toBeVisible();
  await expect(page.getByRole('img', { name: '终端登记二维码' })).toBeVisible();
  const link = (await page.locator('#enrolment-link').innerText()).trim();
  expect(link).toMatch(/\/kiosk\/enrol#code=[0-9a-f]{64}$/);
  await expectAccessible(page);

  // The terminal: a separate device with nobody signed in.
  const terminal = await (await browser.newContext()).newPage();
  const seen = [];
  terminal.on('request', (r) => seen.push(r.url()));
  await terminal.goto(link);
  await expect(terminal.getByRole('heading', { level: 1 })).toHaveText('登记自助终端');
  await expect(terminal.getByRole('status')).toContainText('入口左侧');
  await expect(terminal).toHaveURL(/\/kiosk\/enrol$/);
  expect(seen.filter((u) => u.includes(link.split('#code=')[1])), 'the code never reaches a server in a URL').toEqual([]);
  const kept = await terminal.evaluate(() => JSON.parse(localStorage.getItem('banshi.kiosk')));
  expect(kept.device_token).toMatch(/^bsk_/);
  await expectAccessible(terminal);
  // The link works once.
  const again = await (await browser.newContext()).newPage();
  await again.goto(link);
  await expect(again.getByRole('alert')).toContainText('登记链接无效');

  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('自助终端');
  await page.getByRole('button', { name: '吊销终端 入口左侧' }).first().click();
  await expect(page.getByText(/已于 .* 吊销/).first()).toBeVisible();
  const check = await page.request.get('/api/v1/kiosk', { headers: { 'X-Kiosk-Token': kept.device_token } });
  expect(check.status()).toBe(401);
});

test('a supervisor changes an account, resets its password, disables it and revokes its token', async ({ page }) => {
  await page.goto('/staff/login');
  await signIn(page, supervisor, supervisorPassword);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('工作台');
  await page.goto('/staff/accounts/officer.li');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('账号 officer.li');
  await expectAccessible(page);

  // Its script token works until it is revoked.
  const token = process.env.BANSHI_OFFICER_TOKEN;
  const asScript = () => page.request.get('/api/v1/staff/tickets', { headers: { Authorization: `Bearer ${token}` } });
  expect((await asScript()).status()).toBe(200);
  await page.getByRole('button', { name: '吊销令牌 e2e revocable' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'e2e revocable' })).toContainText(/已于 .* 吊销/);
  expect((await asScript()).status()).toBe(401);

  // An officer needs a category: clearing them all is refused, in the summary and inline.
  const checked = page.locator('input[name="categories"]:checked');
  await expect(checked.first()).toBeChecked();
  while ((await checked.count()) > 0) await checked.first().uncheck();
  await page.getByRole('button', { name: '保存修改' }).click();
  const summary = page.locator('.app-error-summary');
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link')).toHaveText('请填写“负责类别”');
  await expectAccessible(page);
  await page.locator('#category-0').check();
  await page.getByLabel('姓名').fill('李明（一窗）');
  await page.getByRole('button', { name: '保存修改' }).click();
  await expect(page.getByRole('status').filter({ hasText: '修改已保存。' })).toBeVisible();
  await expect(page.getByLabel('姓名')).toHaveValue('李明（一窗）');

  await page.getByRole('button', { name: '重置为一次性密码' }).click();
  const oneTime = page.locator('#one-time-password');
  await expect(oneTime).toHaveText(/^[2-9A-Z]{4}(-[2-9A-Z]{4}){3}$/);
  const password = (await oneTime.innerText()).trim();
  await expect(page.getByText('待首次登录')).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('button', { name: '停用账号' }).click();
  await expect(page.getByRole('status').filter({ hasText: '账号已停用' })).toBeVisible();
  await expect(page.getByRole('button', { name: '启用账号' })).toBeVisible();
  const refused = await page.request.post('/api/v1/staff/session', { data: { name: 'officer.li', password } });
  expect(refused.status(), 'a disabled account cannot sign in').toBe(401);
  await page.getByRole('button', { name: '启用账号' }).click();
  await expect(page.getByRole('status').filter({ hasText: '账号已启用。' })).toBeVisible();
  await expectAccessible(page);
});
