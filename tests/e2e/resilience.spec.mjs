// What a citizen typed survives a lost connection and a lost answer: the draft stays on the
// device, and retrying files exactly one ticket because the Idempotency-Key is kept.
import { test, expect, expectAccessible } from './fixtures.mjs';
import { tutorialWithService, fillRequired, sampleText } from './helpers.mjs';

test.use({ expectedConsoleErrors: /Failed to load resource|net::ERR_|Failed to fetch/ });

/** Tickets filed with the sample mobile number that `fillRequired` types. */
async function ticketCount(request) {
  const list = await request.get('/api/v1/staff/tickets?limit=200&q=13812345678', {
    headers: { Authorization: `Bearer ${process.env.BANSHI_STAFF_TOKEN}` },
  });
  return (await list.json()).tickets.length;
}

test('a submission that fails offline keeps the draft, and a retry after a lost answer files one ticket', async ({ page, request }) => {
  const { service } = await tutorialWithService(request);
  await page.goto(`/s/${service.service_code}/apply`);
  await fillRequired(page, service);
  await page.getByRole('button', { name: '继续' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('请核对您的申请');
  const before = await ticketCount(request);

  // Offline: nothing reaches the server; the citizen is told their answers are kept.
  await page.route('**/api/v1/requests', (route) => route.abort('internetdisconnected'));
  await page.getByRole('button', { name: '确认并提交' }).click();
  const alert = page.getByRole('alert').first();
  await expect(alert).toContainText('填写的内容已保存在本设备上');
  await expect(alert).toContainText('无法连接服务中心');
  await expectAccessible(page);

  // The draft survives a reload.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('请核对您的申请');
  const answered = service.fields.find((f) => f.required && f.datatype === 'string' && !f.pattern);
  await expect(page.locator('.app-summary-list')).toContainText(sampleText(answered));

  // The server files the request but its answer is lost on the way back.
  await page.unroute('**/api/v1/requests');
  await page.route('**/api/v1/requests', async (route) => {
    await route.fetch();
    await route.abort('connectionreset');
  });
  await page.getByRole('button', { name: '确认并提交' }).click();
  await expect(page.getByRole('alert').first()).toContainText('无法连接服务中心');
  expect(await ticketCount(request)).toBe(before + 1);

  // Back online, the same draft is sent again with the same key: the first ticket comes back.
  await page.unroute('**/api/v1/requests');
  await page.getByRole('button', { name: '确认并提交' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('申请已提交');
  expect(await ticketCount(request)).toBe(before + 1);
});

test('a page whose code cannot be fetched says so, and opens on retry with the draft intact', async ({ page, request }) => {
  const { service } = await tutorialWithService(request);
  const field = service.fields.find((f) => f.datatype === 'string' && !f.pattern);
  await page.goto(`/s/${service.service_code}/apply`);
  await page.locator(`#field-${field.code}`).fill(sampleText(field));

  // A reload mid-form while the request flow's module cannot arrive, as if the connection
  // dropped right after the main module.
  const blocked = /-(split_request|chunk_\d+)\.wasm$/;
  await page.route(blocked, (route) => route.abort('internetdisconnected'));
  await page.reload();
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toHaveText('页面暂时打不开');
  await expect(page).toHaveTitle(/页面暂时打不开/);
  await expect(page.getByRole('alert')).toContainText('您填写的内容都还在');
  await expectAccessible(page);

  await page.unroute(blocked);
  await page.getByRole('button', { name: '重试' }).click();
  await expect(heading).toHaveText(service.service_name);
  await expect(page.locator(`#field-${field.code}`)).toHaveValue(sampleText(field));
});

test('while a tutorial is read, the request form\'s code arrives in the background, unless the browser saves data', async ({ page, browser, request }) => {
  const { tutorial } = await tutorialWithService(request);
  const arrived = page.waitForRequest(/-split_request\.wasm$/);
  await page.goto(`/t/${tutorial.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(tutorial.title);
  await arrived;

  const saver = await browser.newContext({ locale: 'zh-CN' });
  const frugal = await saver.newPage();
  await frugal.addInitScript(() => Object.defineProperty(navigator, 'connection', { value: { saveData: true } }));
  const fetched = [];
  frugal.on('request', (r) => { if (/-split_request\.wasm$/.test(r.url())) fetched.push(r.url()); });
  await frugal.goto(`/t/${tutorial.id}`);
  await expect(frugal.getByRole('heading', { level: 1 })).toHaveText(tutorial.title);
  await frugal.waitForTimeout(3_000); // longer than the app waits before preloading
  expect(fetched).toEqual([]);
  await saver.close();
});
