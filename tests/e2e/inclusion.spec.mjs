// Inclusion end to end, against the real server: elder mode (长辈版) offered by the search box
// and switched from the header, measured on every citizen page with computed styles and
// bounding boxes against MIIT's elder-friendly numbers and checked by axe for 7:1 contrast.
import AxeBuilder from '@axe-core/playwright';
import { test, expect, expectAccessible } from './fixtures.mjs';
import { tutorialWithService, fileRequest } from './helpers.mjs';

/** What breaks elder mode's rules on the page: text under 20px (headings under 30px), line
 * height under 1.5, controls and standalone links under 60 × 60px, anything animating. A
 * link is standalone unless its block also holds other text (a link in running text, which
 * WCAG excepts). Text inside SVG charts and QR codes is an image with a data table beside
 * it, and is left out. */
async function elderProblems(page) {
  return page.evaluate(() => {
    const problems = [];
    const shown = (el) => {
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return box.width > 1 && box.height > 1 && box.right > 0 && box.bottom > 0 && style.visibility !== 'hidden'
        && !el.closest('.app-visually-hidden, svg, option, [hidden]');
    };
    const name = (el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${(el.innerText || el.value || '').trim().slice(0, 30)}"`;
    for (const el of document.querySelectorAll('body *')) {
      const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
      if (!ownText || !shown(el)) continue;
      const style = getComputedStyle(el);
      const size = parseFloat(style.fontSize);
      const least = el.closest('h1, h2, h3, h4, h5, h6') ? 30 : 20;
      if (size < least - 0.01) problems.push(`${name(el)}: text ${size}px < ${least}px`);
      const line = style.lineHeight === 'normal' ? 0 : parseFloat(style.lineHeight);
      if (line / size < 1.5 - 0.01) problems.push(`${name(el)}: line height ${style.lineHeight} for ${size}px`);
    }
    const block = (el) => el.parentElement.closest('p, li, dd, dt, td, th, div, h1, h2, h3, h4, h5, h6, section, main');
    for (const el of document.querySelectorAll('a[href], button, input:not([type="hidden"]), select, textarea, summary')) {
      if (!shown(el)) continue;
      if (el.matches('a') && block(el) && block(el).innerText.trim() !== el.innerText.trim()) continue;
      const box = el.getBoundingClientRect();
      if (box.width < 59.5 || box.height < 59.5) {
        problems.push(`${name(el)}: target ${Math.round(box.width)} × ${Math.round(box.height)}px`);
      }
    }
    const moving = document.getAnimations().filter((a) => a.playState === 'running');
    if (moving.length) problems.push(`${moving.length} animations running`);
    return problems;
  });
}

/** axe's AA rules and its 7:1 enhanced-contrast rule. */
async function expectElderAccessible(page) {
  await expectAccessible(page);
  const results = await new AxeBuilder({ page }).withRules(['color-contrast-enhanced']).analyze();
  const summary = results.violations.flatMap((v) => v.nodes.map((n) => `${n.target.join(' ')}: ${n.any.map((c) => c.message).join(' ')}`));
  expect.soft(summary, `text under 7:1 contrast on ${page.url()}`).toEqual([]);
}

/** Opens `path` and expects elder mode's numbers to hold there. */
async function expectElderPage(page, path, heading) {
  if (path) await page.goto(path);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
  await expect(page.locator('html')).toHaveClass(/app-elder/);
  expect.soft(await elderProblems(page), `elder mode on ${page.url()}`).toEqual([]);
  await expectElderAccessible(page);
}

test('elder mode, offered when searched for, makes every citizen page large, calm and high-contrast', async ({ page, request }) => {
  test.setTimeout(120_000);
  const categories = await (await request.get('/api/v1/categories', { headers: { 'Accept-Language': 'zh-Hans' } })).json();
  const { tutorial, service } = await tutorialWithService(request);
  const receipt = await fileRequest(request);
  const taken = await request.post('/api/v1/halls/main/lines/B/numbers', { data: { phone: '13900001111' } });
  expect(taken.status(), await taken.text()).toBe(201);
  const number = await taken.json();

  // Standard mode first: the sizes elder mode must change are smaller here.
  await page.goto('/?q=长辈版');
  expect(await elderProblems(page)).not.toEqual([]);
  const offer = page.getByRole('region', { name: '长辈版：字更大，按钮更大' });
  await expect(offer).toBeVisible();
  await expectAccessible(page);
  await offer.getByRole('button', { name: '切换到长辈版' }).click();
  const done = offer.getByText('已经是长辈版。每页顶部的按钮可以切换回标准版。');
  await expect(done).toBeFocused();
  await expect(offer.getByRole('button')).toHaveCount(0);
  await expect(page.getByRole('button', { name: '长辈版' })).toHaveCount(0);
  await expectElderPage(page, null, '市民办事服务');

  // Remembered on the device and told to the server, which paints the next page in it.
  const served = await (await page.request.get(`/t/${tutorial.id}`)).text();
  expect(served).toContain('class="app-elder"');
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/app-elder/);

  // The common tasks come before the search box; nothing of standard mode is gone.
  await page.goto('/');
  const order = await page.evaluate(() => {
    const quick = document.getElementById('quick-title');
    const search = document.getElementById('search');
    return Boolean(quick.compareDocumentPosition(search) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  expect(order, 'the common tasks come first, in both modes').toBe(true);
  for (const link of ['查询办件进度', '到大厅取号', '请工作人员帮办', '扫描二维码']) {
    await expect(page.getByRole('link', { name: link }).first()).toBeVisible();
  }
  await expect(page.getByRole('searchbox')).toBeVisible();
  await expectElderPage(page, null, '市民办事服务');

  await expectElderPage(page, `/c/${categories[0].code}`, categories[0].name);
  await expectElderPage(page, `/s/${service.service_code}`, service.service_name);
  await expectElderPage(page, `/t/${tutorial.id}`, tutorial.title);
  await expectElderPage(page, `/s/${service.service_code}/apply`, service.service_name);
  await page.getByRole('button', { name: '继续' }).click();
  await expect(page.locator('.app-error-summary')).toBeFocused();
  await expectElderPage(page, null, service.service_name);
  await expectElderPage(page, '/track', '查询办件进度');
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.locator('.app-error-summary')).toBeFocused();
  await expectElderPage(page, null, '查询办件进度');
  await expectElderPage(page, `/track/${receipt.ticket}#code=${receipt.access_code}`, `办件 ${receipt.ticket}`);
  await expectElderPage(page, '/report', /.+/);
  await expectElderPage(page, '/get-help', /.+/);
  await expectElderPage(page, '/hall', /.+/);
  await expectElderPage(page, `/q/${number.number}?hall=main#token=${number.token}`, /B\d{3}/);
  await expectElderPage(page, '/stats', '办事统计');
  await expectElderPage(page, '/no/such/page', '找不到该页面');

  // Back to standard mode from the header, on any page.
  await page.getByRole('button', { name: '标准版' }).click();
  await expect(page.locator('html')).not.toHaveClass(/app-elder/);
  await page.goto('/');
  await expect(page.locator('html')).not.toHaveClass(/app-elder/);
  expect(await page.getByRole('heading', { level: 1 }).evaluate((h) => parseFloat(getComputedStyle(h).fontSize))).toBe(32);
});

test('elder mode switches before the app starts, or without JavaScript, and the server remembers it', async ({ browser, request }) => {
  const { tutorial } = await tutorialWithService(request);
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`/t/${tutorial.id}`);
  await expect(page.locator('html')).not.toHaveClass(/app-elder/);
  await page.getByRole('button', { name: '长辈版' }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${tutorial.id}$`));
  await expect(page.locator('html')).toHaveClass(/app-elder/);
  expect(await elderProblems(page)).toEqual([]);
  await page.getByRole('button', { name: '标准版' }).click();
  await expect(page.locator('html')).not.toHaveClass(/app-elder/);
  await context.close();
});
