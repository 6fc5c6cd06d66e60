// End-to-end journeys of a citizen, in Chromium against the real reference server and its
// SQLite database. Content is discovered through the API so the tests follow the seed.
import { test, expect, expectAccessible, staffMove } from './fixtures.mjs';

/** A tutorial that leads to a service, and that service's form. */
async function tutorialWithService(request) {
  const tutorials = await (await request.get('/api/v1/tutorials', { headers: { 'Accept-Language': 'zh-Hans' } })).json();
  const tutorial = tutorials.find((t) => t.service_code);
  const service = await (await request.get(`/api/v1/services/${tutorial.service_code}`, { headers: { 'Accept-Language': 'zh-Hans' } })).json();
  return { tutorial, service };
}

/** An answer a citizen would type for a required field. */
function sampleText(field) {
  switch (field.datatype) {
    case 'number': return String(field.min ?? 1);
    case 'date': return '2026-03-15';
    case 'datetime': return '2026-03-16T09:30';
    case 'phone': return '13812345678';
    case 'email': return 'li.hua@example.cn';
    case 'id_number': return '11010519491231002X';
    default: {
      if (field.pattern) return null;
      let text = field.datatype === 'text' ? '材料已备齐，希望尽快办理。' : '李华';
      while (text.length < (field.min_length ?? 0)) text += '办';
      return text.slice(0, field.max_length ?? 200);
    }
  }
}

/** Fills every required field of `service` on the apply page. */
async function fillRequired(page, service) {
  for (const field of service.fields.filter((f) => f.required)) {
    const input = page.locator(`#field-${field.code}`);
    if (field.datatype === 'singlevaluelist' || field.datatype === 'multivaluelist' || field.datatype === 'boolean') {
      await input.check();
    } else {
      await input.fill(sampleText(field) ?? examplePattern(field.pattern));
    }
  }
}

/** The shortest string matching a pattern of the contract's subset (first char of each atom). */
function examplePattern(pattern) {
  let out = '';
  const re = /(\\[dw]|\\.|\[[^\]]+\]|.)(\{(\d+)(?:,\d*)?\}|[?*+])?/gu;
  for (const [, atom, quantifier, min] of pattern.matchAll(re)) {
    const count = min !== undefined ? Number(min) : quantifier === '?' || quantifier === '*' ? 0 : 1;
    let ch = atom;
    if (atom === '\\d') ch = '0';
    else if (atom === '\\w') ch = 'A';
    else if (atom.startsWith('[')) ch = [...atom.slice(1)][0] === '^' ? 'A' : [...atom.slice(1)][0];
    else if (atom.startsWith('\\')) ch = atom.slice(1);
    out += ch.repeat(count);
  }
  return out;
}

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

test('a citizen tracks a ticket and sees a status change made by staff', async ({ page, request }) => {
  const { service } = await tutorialWithService(request);
  const answers = {};
  for (const field of service.fields.filter((f) => f.required)) {
    if (field.datatype === 'singlevaluelist') answers[field.code] = field.values[0].key;
    else if (field.datatype === 'multivaluelist') answers[field.code] = [field.values[0].key];
    else if (field.datatype === 'boolean') answers[field.code] = true;
    else if (field.datatype === 'number') answers[field.code] = field.min ?? 1;
    else answers[field.code] = sampleText(field) ?? examplePattern(field.pattern);
  }
  const created = await request.post('/api/v1/requests', {
    headers: { 'Idempotency-Key': `e2e-${Date.now()}` },
    data: { service_code: service.service_code, answers },
  });
  expect(created.status()).toBe(201);
  const receipt = await created.json();

  await page.goto('/track');
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.locator('.app-error-summary')).toBeFocused();
  await expectAccessible(page);
  await page.getByLabel('受理编号').fill(receipt.ticket);
  await page.getByLabel('查询码').fill(receipt.access_code.toLowerCase());
  await page.getByRole('button', { name: '查询' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`办件 ${receipt.ticket}`);
  await expect(page.locator('.app-summary-list')).toContainText('已收到');
  await expectAccessible(page);

  await staffMove(request, receipt.ticket, 'accepted', '材料齐全，已受理');
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange', { bubbles: true })));
  await expect(page.locator('.app-summary-list')).toContainText('已受理');
  await expect(page.getByRole('status').filter({ hasText: '状态已更新' })).toHaveText('状态已更新：已受理');
  await expect(page.locator('.app-timeline')).toContainText('材料齐全，已受理');

  await page.goto('/');
  await expect(page.getByRole('link', { name: receipt.ticket })).toBeVisible();
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
