// Instant QR landings: the reference server renders the landing pages, they read without
// JavaScript, and the app takes them over (hydration) without asking for their data again,
// without replacing their markup and without moving anything.
import { test, expect, expectAccessible } from './fixtures.mjs';
import { tutorialWithService } from './helpers.mjs';

const zh = { headers: { 'Accept-Language': 'zh-Hans' } };

/** Waits until the app has taken over the page: once live, it writes the locale cookie. */
async function appIsLive(page) {
  await expect.poll(async () => (await page.context().cookies()).some((c) => c.name === 'banshi_locale'),
    { timeout: 30_000 }).toBe(true);
}

/** Counts the main frame's navigations from now on. */
function navigations(page) {
  const seen = { count: 0 };
  page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) seen.count += 1; });
  return seen;
}

test('with JavaScript off, a tutorial, a guide, a category and home can be read, and search works', async ({ browser, request }) => {
  const { tutorial, service } = await tutorialWithService(request);
  const full = await (await request.get(`/api/v1/tutorials/${tutorial.id}`, zh)).json();
  const categories = await (await request.get('/api/v1/categories', zh)).json();
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'zh-CN' });
  const page = await context.newPage();

  await page.goto(`/T/${tutorial.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(full.title);
  for (const step of full.steps) {
    await expect(page.getByRole('heading', { level: 3, name: step.title })).toBeVisible();
  }
  await expect(page).toHaveTitle(`${full.title} – 办事`);
  // The language switch is a form: the server remembers the choice and answers in it.
  const english = await (await request.get(`/api/v1/tutorials/${tutorial.id}`, { headers: { 'Accept-Language': 'en' } })).json();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page).toHaveURL(new RegExp(`/T/${tutorial.id}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(english.title);
  await page.getByRole('button', { name: '简体中文' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(full.title);

  await page.goto(`/s/${service.service_code}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(service.service_name);
  for (const material of service.guide.materials) {
    await expect(page.getByRole('listitem').filter({ hasText: material.name }).first()).toBeVisible();
  }

  await page.goto(`/c/${categories[0].code}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(categories[0].name);

  await page.goto('/');
  for (const category of categories) {
    await expect(page.getByRole('link', { name: category.name, exact: true })).toBeVisible();
  }
  // The search form submits to the server, which renders the results.
  await page.getByLabel('您要办什么事？').fill('社保');
  await page.getByRole('button', { name: '搜索' }).click();
  await expect(page).toHaveURL(/\?q=/);
  await expect(page.getByText(/找到 [1-9]\d* 项结果/)).toBeVisible();
  await context.close();

  // The server's markup itself passes axe, before any app code runs (axe needs scripts, so
  // here only the app's own are kept away).
  const bare = await browser.newContext({ locale: 'zh-CN' });
  const barePage = await bare.newPage();
  await barePage.route(/\.(js|wasm)$/, (route) => route.abort());
  for (const path of [`/T/${tutorial.id}`, `/s/${service.service_code}`, `/c/${categories[0].code}`, '/']) {
    await barePage.goto(path);
    await expectAccessible(barePage);
  }
  await bare.close();
});

test('a QR landing page becomes interactive without fetching its data again, replacing nothing and moving nothing', async ({ page, request }) => {
  const { tutorial } = await tutorialWithService(request);
  const english = await (await request.get(`/api/v1/tutorials/${tutorial.id}`, { headers: { 'Accept-Language': 'en' } })).json();
  const asked = [];
  page.on('request', (r) => { if (r.url().includes('/api/')) asked.push(r.url()); });
  await page.addInitScript(() => {
    window.__shift = 0;
    window.__replaced = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
    }).observe({ type: 'layout-shift', buffered: true });
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.removedNodes) {
          if (node.nodeType === Node.ELEMENT_NODE) window.__replaced.push(node.outerHTML.slice(0, 80));
        }
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(`/t/${tutorial.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(tutorial.title);
  await appIsLive(page);
  const moved = navigations(page);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(english.title);
  expect(moved.count, 'the switch happened in-app, not through the server').toBe(0);
  await expect(page).toHaveTitle(`${english.title} – Banshi`);
  expect(asked, 'only the English version was fetched; the page came with its own data').toEqual([
    `${process.env.BANSHI_URL}/api/v1/tutorials/${tutorial.id}?locale=en`,
  ]);
  const { shift, replaced } = await page.evaluate(() => ({ shift: window.__shift, replaced: window.__replaced }));
  expect(shift, 'cumulative layout shift').toBe(0);
  // Switching language re-renders the page's text, not its elements; before that, hydration
  // adopted the server's elements as they were.
  expect(replaced, 'elements removed by hydration or the language switch').toEqual([]);
  // In-app navigation from a hydrated page works as in a client-rendered one.
  await page.getByRole('link', { name: 'Read the full service guide' }).click();
  await expect(page).toHaveURL(new RegExp(`/s/${tutorial.service_code}$`));
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
});

test('a citizen who chose 繁體中文 gets the next visit in 繁體中文 from the server', async ({ page, request }) => {
  const { tutorial } = await tutorialWithService(request);
  const hant = await (await request.get(`/api/v1/tutorials/${tutorial.id}`, { headers: { 'Accept-Language': 'zh-Hant' } })).json();
  await page.goto('/');
  await appIsLive(page);
  await page.getByRole('button', { name: '繁體中文' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('市民辦事服務');
  // The browser still asks for Simplified Chinese; the choice travels in a cookie.
  const next = await page.context().request.get(`/t/${tutorial.id}`, { headers: { 'Accept-Language': 'zh-CN' } });
  const html = (await next.text()).replaceAll('<!>', '');
  expect(html).toContain('<html lang="zh-Hant">');
  expect(html).toContain(`<h1 tabindex="-1" class="app-heading-xl">${hant.title}</h1>`);
  await page.goto(`/t/${tutorial.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(hant.title);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hant');
});

test.describe('offline before the code arrives', () => {
test.use({ expectedConsoleErrors: /Failed to load resource|net::ERR_|Failed to fetch/ });

test('a landing page whose code cannot be fetched stays readable, and comes alive once it can be', async ({ page, request }) => {
  const category = (await (await request.get('/api/v1/categories', zh)).json())[0];
  const english = (await (await request.get('/api/v1/categories', { headers: { 'Accept-Language': 'en' } })).json())[0];
  // The category page lives in a split module; without it the server's markup still reads.
  const blocked = /-(split_category|chunk_\d+)\.wasm$/;
  await page.route(blocked, (route) => route.abort('internetdisconnected'));
  await page.goto(`/c/${category.code}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(category.name);
  await page.waitForTimeout(3_000);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(category.name);
  expect((await page.context().cookies()).some((c) => c.name === 'banshi_locale'), 'not live without its code').toBe(false);
  await page.unroute(blocked);
  await appIsLive(page);
  const moved = navigations(page);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(english.name);
  expect(moved.count, 'the switch happened in-app').toBe(0);
});
});
