// End-to-end journeys of a citizen, in Chromium against the real reference server and its
// SQLite database. Content is discovered through the API so the tests follow the seed.
import { test, expect, expectAccessible, staffMove } from './fixtures.mjs';
import { tutorialWithService, fillRequired, fileRequest } from './helpers.mjs';

test('a QR deep link opens the tutorial and starts its request; bad input is explained; the request gets a ticket', async ({ page, request }) => {
  const { tutorial, service } = await tutorialWithService(request);
  await page.goto(`/t/${tutorial.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(tutorial.title);
  await expect(page).toHaveTitle(new RegExp(tutorial.title));
  await expectAccessible(page);

  await page.getByRole('link', { name: '开始办理' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(service.service_name);
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();

  await page.getByRole('button', { name: '继续' }).click();
  const summary = page.locator('.app-error-summary');
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('heading')).toHaveText('有内容需要修改');
  const firstRequired = service.fields.find((f) => f.required);
  await expect(summary.getByRole('link').first()).toContainText(firstRequired.label);
  await expectAccessible(page);
  await summary.getByRole('link').first().click();
  await expect(page.locator(`#field-${firstRequired.code}`)).toBeFocused();

  await fillRequired(page, service);
  await page.reload();
  const firstText = service.fields.find((f) => f.required && !['singlevaluelist', 'multivaluelist', 'boolean'].includes(f.datatype));
  if (firstText) await expect(page.locator(`#field-${firstText.code}`)).not.toHaveValue('');

  await page.getByRole('button', { name: '继续' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('请核对您的申请');
  await expectAccessible(page);
  if (firstText) {
    // "Change" lands on the field itself, with the answer still there; Back returns.
    await page.locator(`a[href$="#field-${firstText.code}"]`).click();
    await expect(page.locator(`#field-${firstText.code}`)).toBeFocused();
    await expect(page.locator(`#field-${firstText.code}`)).not.toHaveValue('');
    await page.goBack();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('请核对您的申请');
  }
  await page.getByRole('button', { name: '确认并提交' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('申请已提交');
  const reference = await page.locator('.app-panel__ref').innerText();
  expect(reference).toMatch(/^BS-\d{8}-\d{4}$/);
  await expect(page.locator('.app-panel__code')).toHaveText(/^[2-9A-HJ-NP-Z]{8}$/);
  await expectAccessible(page);
});

test('a citizen tracks a ticket and sees a status change made by staff within 2 seconds, live', async ({ page, request }) => {
  const receipt = await fileRequest(request);
  const urls = [];
  page.on('request', (r) => urls.push(r.url()));

  await page.goto('/track');
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.locator('.app-error-summary')).toBeFocused();
  await expectAccessible(page);
  await page.getByLabel('受理编号').fill(receipt.ticket);
  await page.getByLabel('查询码').fill(receipt.access_code.toLowerCase());
  await page.getByRole('button', { name: '查询' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`办件 ${receipt.ticket}`);
  await expect(page.locator('.app-summary-list')).toContainText('已收到');
  // Where it stands against the promised date, as the server reckons it in working days.
  await expect(page.locator('.app-summary-list .app-due')).toHaveText(/^(按时办理中|即将到期，请留意)$/);
  await expectAccessible(page);

  // The page follows the ticket's event stream: the change arrives without a reload.
  await expect.poll(() => urls.some((u) => u.endsWith(`/api/v1/tickets/${receipt.ticket}/events`))).toBe(true);
  await staffMove(request, receipt.ticket, 'accepted', '材料齐全，已受理');
  await expect(page.locator('.app-summary-list')).toContainText('已受理', { timeout: 2000 });
  await expect(page.getByRole('status').filter({ hasText: '状态已更新' })).toHaveText('状态已更新：已受理');
  await expect(page.locator('.app-timeline')).toContainText('材料齐全，已受理');
  expect(urls.filter((u) => u.includes(receipt.access_code)), 'no access code in any URL').toEqual([]);

  await page.goto('/');
  await expect(page.getByRole('link', { name: receipt.ticket })).toBeVisible();
});

test.describe('without event streams', () => {
  // The stand-in backend answers the stream with a 404.
  test.use({ expectedConsoleErrors: /status of 404 / });

  test('against a backend without event streams, the ticket page falls back to asking again', async ({ page, request }) => {
    const receipt = await fileRequest(request);
    await page.route('**/api/v1/tickets/*/events', (route) => route.fulfill({ status: 404, body: '' }));
    await page.goto('/track');
    await page.getByLabel('受理编号').fill(receipt.ticket);
    await page.getByLabel('查询码').fill(receipt.access_code);
    await page.getByRole('button', { name: '查询' }).click();
    await expect(page.locator('.app-summary-list')).toContainText('已收到');
    await staffMove(request, receipt.ticket, 'accepted', '材料齐全，已受理');
    // Coming back to the tab (or the next poll) brings the change.
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange', { bubbles: true })));
    await expect(page.locator('.app-summary-list')).toContainText('已受理');
    await expect(page.getByRole('status').filter({ hasText: '状态已更新' })).toHaveText('状态已更新：已受理');
  });
});

test('the language switch changes every message and the document language', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hans');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('市民办事服务');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Citizen services');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page).toHaveTitle('Citizen services – Banshi');
  await page.getByRole('button', { name: '繁體中文' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('市民辦事服務');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hant');
  // Traditional Chinese is set in Traditional fonts, Simplified in Simplified ones.
  const fonts = () => page.evaluate(() => getComputedStyle(document.body).fontFamily);
  expect(await fonts()).toContain('"PingFang TC"');
  expect(await fonts()).not.toContain('"PingFang SC"');
  await page.getByRole('button', { name: '简体中文' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hans');
  expect(await fonts()).toContain('"PingFang SC"');
  expect(await fonts()).not.toContain('"PingFang TC"');
});

test('every page passes an axe scan', async ({ page, request }) => {
  const categories = await (await request.get('/api/v1/categories')).json();
  const { tutorial, service } = await tutorialWithService(request);
  for (const path of ['/', `/c/${categories[0].code}`, `/s/${service.service_code}`, `/t/${tutorial.id}`,
                      `/s/${service.service_code}/apply`, '/track', '/no/such/page', '/?q=%E7%A4%BE%E4%BF%9D']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectAccessible(page);
  }
});
