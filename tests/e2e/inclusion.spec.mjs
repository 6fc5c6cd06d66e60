// Inclusion end to end, against the real server: elder mode (长辈版) offered by the search box
// and switched from the header, measured on every citizen page with computed styles and
// bounding boxes against MIIT's elder-friendly numbers and checked by axe for 7:1 contrast;
// read-aloud through a stand-in for speech synthesis; the card a deaf citizen shows staff.
import AxeBuilder from '@axe-core/playwright';
import { test, expect, expectAccessible } from './fixtures.mjs';
import { tutorialWithService, fileRequest } from './helpers.mjs';
import { standInForSpeech, spoken, finishSpeaking } from './speech.mjs';

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

/** The tutorial `id` as the API gives it in `locale`. */
async function tutorialIn(request, id, locale) {
  return (await request.get(`/api/v1/tutorials/${id}`, { headers: { 'Accept-Language': locale } })).json();
}

test('read-aloud speaks each passage of a tutorial in the page\'s language, highlighting each in turn', async ({ page, request }) => {
  test.setTimeout(90_000);
  await standInForSpeech(page, [{ lang: 'zh-CN', name: 'Tingting' }, { lang: 'zh-TW', name: 'Meijia' }, { lang: 'en-US', name: 'Samantha' }]);
  const { tutorial: summary } = await tutorialWithService(request);
  const tutorial = await tutorialIn(request, summary.id, 'zh-Hans');
  const passages = [tutorial.title, tutorial.summary];
  if (tutorial.materials.length) passages.push(null); // the materials, read as one passage
  for (const step of tutorial.steps) passages.push(`${step.title}\n${step.body}`);
  if (tutorial.tips.length) passages.push(null);
  const total = passages.length;

  await page.goto(`/t/${summary.id}`);
  await page.getByRole('button', { name: '朗读本页' }).focus();
  await page.keyboard.press('Enter');
  const reader = page.getByRole('region', { name: '朗读' });
  await expect(reader.getByRole('status')).toHaveText(`正在朗读第 1 段，共 ${total} 段`);
  await expectAccessible(page);
  const highlighted = page.locator('.app-reading');
  for (let i = 0; i < total; i += 1) {
    await expect(reader.getByRole('status')).toHaveText(`正在朗读第 ${i + 1} 段，共 ${total} 段`);
    const said = await spoken(page);
    expect(said).toHaveLength(i + 1);
    expect(said[i].lang).toBe('zh-CN');
    expect(said[i].voice).toBe('zh-CN');
    expect(said[i].rate).toBe(1);
    if (passages[i] !== null) expect(said[i].text.replace(/\s+/g, ' ')).toBe(passages[i].replace(/\s+/g, ' '));
    await expect(highlighted).toHaveCount(1);
    expect((await highlighted.innerText()).replace(/\s+/g, ' ')).toBe(said[i].text.replace(/\s+/g, ' '));
    await expect(highlighted).toBeInViewport();
    await finishSpeaking(page);
  }
  await expect(reader.getByRole('status')).toHaveText(`全部 ${total} 段已读完`);
  await expect(highlighted).toHaveCount(0);

  // Play starts again from the top; pause and play hold and resume the voice where it is.
  await reader.getByRole('button', { name: '播放' }).click();
  await expect(reader.getByRole('status')).toHaveText(`正在朗读第 1 段，共 ${total} 段`);
  await reader.getByRole('button', { name: '下一段' }).click();
  await reader.getByRole('button', { name: '下一段' }).click();
  await expect(reader.getByRole('status')).toHaveText(`正在朗读第 3 段，共 ${total} 段`);
  await reader.getByRole('button', { name: '暂停' }).click();
  await expect(reader.getByRole('status')).toHaveText(`已暂停：第 3 段，共 ${total} 段`);
  expect(await page.evaluate(() => window.speechSynthesis.paused)).toBe(true);
  await expectAccessible(page);
  await reader.getByRole('button', { name: '播放' }).click();
  expect(await page.evaluate(() => window.speechSynthesis.paused)).toBe(false);
  await reader.getByRole('button', { name: '上一段' }).click();
  await expect(reader.getByRole('status')).toHaveText(`正在朗读第 2 段，共 ${total} 段`);
  const said = await spoken(page);
  expect(said[said.length - 1].text).toBe(tutorial.summary);
  await expect(highlighted).toHaveText(tutorial.summary);

  // Stopping ends the voice, takes the highlight away and gives focus back to the button.
  await reader.getByRole('button', { name: '停止朗读' }).click();
  await expect(reader).toHaveCount(0);
  await expect(highlighted).toHaveCount(0);
  await expect(page.getByRole('button', { name: '朗读本页' })).toBeFocused();

  // Traditional Chinese is read in a Taiwan voice; elder mode reads more slowly.
  await page.getByRole('button', { name: '繁體中文' }).click();
  const hant = await tutorialIn(request, summary.id, 'zh-Hant');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(hant.title);
  await page.getByRole('button', { name: '長輩版' }).click();
  await page.getByRole('button', { name: '朗讀本頁' }).click();
  await expect(page.getByRole('region', { name: '朗讀' }).getByRole('status')).toHaveText(`正在朗讀第 1 段，共 ${total} 段`);
  const last = (await spoken(page)).at(-1);
  expect(last).toMatchObject({ text: hant.title, lang: 'zh-TW', voice: 'zh-TW' });
  expect(last.rate).toBeCloseTo(0.8, 5);

  // Leaving the page stops the voice.
  const cancels = await page.evaluate(() => window.speechCalls.filter((c) => c === 'cancel').length);
  await page.goto('/');
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(hant.title);
  await expect(page.getByRole('region', { name: '朗讀' })).toHaveCount(0);
  expect(cancels).toBeGreaterThan(0);
});

test('read-aloud says so where the browser has no voice for the page\'s language', async ({ page, request }) => {
  await standInForSpeech(page, [{ lang: 'en-US', name: 'Samantha' }]);
  const { tutorial } = await tutorialWithService(request);
  await page.goto(`/t/${tutorial.id}`);
  await page.getByRole('button', { name: '朗读本页' }).click();
  await expect(page.getByRole('region', { name: '朗读' }).getByRole('status'))
    .toHaveText('这台设备没有普通话语音，无法朗读本页。可以请大厅工作人员帮忙。');
  expect(await spoken(page)).toEqual([]);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('button', { name: 'Read aloud' }).click();
  await expect(page.getByRole('region', { name: 'Read aloud' }).getByRole('status')).toHaveText(/^Reading part 1 of \d+$/);
  expect((await spoken(page))[0]).toMatchObject({ lang: 'en', voice: 'en-US' });
});

test('a deaf citizen shows staff a full-screen card of the task or the ticket, and closes it', async ({ page, request }) => {
  const { tutorial } = await tutorialWithService(request);
  await page.goto(`/t/${tutorial.id}`);
  await page.getByRole('button', { name: '给工作人员看' }).click();
  const card = page.getByRole('dialog', { name: '我想办理：' });
  await expect(card).toBeVisible();
  await expect(card).toContainText(tutorial.title);
  await expect(card).toContainText('我听不见或听不清，请写字或用手势告诉我。');
  const size = await card.getByText(tutorial.title).evaluate((p) => parseFloat(getComputedStyle(p).fontSize));
  expect(size, 'very large type').toBeGreaterThanOrEqual(40);
  const box = await card.boundingBox();
  const viewport = page.viewportSize();
  expect(box.width).toBeGreaterThanOrEqual(viewport.width - 1);
  expect(box.height).toBeGreaterThanOrEqual(viewport.height - 1);
  await expectAccessible(page);
  await page.keyboard.press('Escape');
  await expect(card).toHaveCount(0);
  await expect(page.getByRole('button', { name: '给工作人员看' })).toBeFocused();

  const receipt = await fileRequest(request);
  await page.goto(`/track/${receipt.ticket}#code=${receipt.access_code}`);
  await page.getByRole('button', { name: '给工作人员看' }).click();
  const ticket = page.getByRole('dialog', { name: '我的办件：' });
  await expect(ticket).toContainText(receipt.ticket);
  await expect(ticket).toContainText('已收到');
  await expectAccessible(page);
  await ticket.getByRole('button', { name: '关闭' }).click();
  await expect(ticket).toHaveCount(0);
  await expect(page.getByRole('button', { name: '给工作人员看' })).toBeFocused();
});

/** Opens `path` on a kiosk and waits for its guard (fetched after the page starts). */
async function kioskGoto(page, path) {
  await page.goto(path);
  await expect(page.locator('.app-kiosk-bar')).toBeVisible();
}

/** This page's `banshi.*` storage keys, sorted. */
async function storedKeys(page) {
  return page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('banshi.')).sort());
}

test('a kiosk left idle asks, counts down and wipes the visit: the next visitor finds no draft, ticket, number or language of it, not even by Back', async ({ browser, request }) => {
  test.setTimeout(180_000);
  const { service } = await tutorialWithService(request);
  const receipt = await fileRequest(request);
  const staff = { Authorization: `Bearer ${process.env.BANSHI_STAFF_TOKEN}` };
  const enrolled = await request.post('/api/v1/staff/kiosk-enrolments', { headers: staff, data: { hall_id: 'main', label: '长辈专窗旁' } });
  expect(enrolled.status(), await enrolled.text()).toBe(201);
  const { code } = await enrolled.json();

  const context = await browser.newContext({ locale: 'zh-CN' });
  const kiosk = await context.newPage();
  await kiosk.clock.install();
  await kiosk.goto(`/kiosk/enrol#code=${code}`);
  await expect(kiosk.getByRole('status')).toContainText('长辈专窗旁');

  // A visitor: elder mode and Traditional Chinese, a draft, a ticket looked up, a number taken.
  await kioskGoto(kiosk, '/');
  const bar = kiosk.locator('.app-kiosk-bar');
  await expect(bar).toContainText('这是大厅的公共终端');
  await expectAccessible(kiosk);
  await kiosk.getByRole('button', { name: '长辈版' }).click();
  await kiosk.getByRole('button', { name: '繁體中文' }).click();
  await expect(kiosk.locator('html')).toHaveAttribute('lang', 'zh-Hant');
  await kioskGoto(kiosk, `/s/${service.service_code}/apply`);
  await expect(kiosk.locator('html')).toHaveClass(/app-elder/);
  await expect(kiosk.getByText('您離開後會被自動清除')).toBeVisible();
  const field = kiosk.locator('main input[type="text"], main textarea').first();
  await field.fill('上一位市民的草稿');
  // A phone number in the service guide is not dialled: it is offered as a QR code.
  await kioskGoto(kiosk, `/s/${service.service_code}`);
  const phoneLink = kiosk.locator('main a[href^="tel:"]').first();
  if (await phoneLink.count()) {
    const before = kiosk.url();
    await phoneLink.click();
    const blocked = kiosk.locator('#kiosk-blocked');
    await expect(blocked).toBeFocused();
    await expect(blocked).toContainText('不能開啟其他網站或撥打電話');
    await expect(blocked.locator('.app-qr')).toHaveAttribute('data-payload', /^tel:/);
    expect(kiosk.url()).toBe(before);
    await expectAccessible(kiosk);
    await blocked.getByRole('button', { name: '知道了' }).click();
    await expect(blocked).toHaveCount(0);
  }
  await kioskGoto(kiosk, `/track/${receipt.ticket}#code=${receipt.access_code}`);
  await expect(kiosk.getByRole('heading', { level: 1 })).toHaveText(`辦件 ${receipt.ticket}`);
  // The ticket goes home by QR code or on an 80 mm receipt.
  await expect(kiosk.getByRole('img', { name: /QR 碼/ }).first()).toBeVisible();
  await expect(kiosk.getByRole('button', { name: '列印回執' })).toBeVisible();
  await kiosk.emulateMedia({ media: 'print' });
  await expect(kiosk.locator('.app-header')).toBeHidden();
  await expect(kiosk.locator('.app-kiosk-bar')).toBeHidden();
  await expect(kiosk.getByText(receipt.ticket).first()).toBeVisible();
  const pdf = (await kiosk.pdf({ preferCSSPageSize: true })).toString('latin1');
  const [, width] = pdf.match(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/);
  expect(Number(width) * 25.4 / 72, 'receipt width in mm').toBeCloseTo(80, 0);
  await kiosk.emulateMedia({ media: null });
  await kioskGoto(kiosk, '/hall');
  const take = kiosk.locator('#take');
  await take.getByLabel(/^B /).check();
  await take.getByRole('button', { name: '取號' }).click();
  await expect(kiosk.getByRole('heading', { level: 1 })).toHaveText(/B\d{3}$/);
  await expect(kiosk.locator('#kiosk-print')).toBeVisible();
  const held = await storedKeys(kiosk);
  for (const key of ['banshi.elder', 'banshi.locale', 'banshi.queue-numbers', 'banshi.tickets', `banshi.draft.${service.service_code}`]) {
    expect(held, 'the visit left its traces').toContain(key);
  }

  // Idle: the kiosk asks; the visitor is still there.
  await kiosk.clock.fastForward(91_000);
  const dialog = kiosk.getByRole('dialog', { name: '您還在使用嗎？' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('30 秒後將清除');
  await expect(dialog.getByRole('button', { name: '繼續使用' })).toBeFocused();
  await kiosk.clock.fastForward(10_000);
  const left = Number((await dialog.textContent()).match(/(\d+) 秒後將清除/)[1]);
  expect(left).toBeGreaterThan(0);
  expect(left).toBeLessThanOrEqual(20);
  await dialog.getByRole('button', { name: '繼續使用' }).click();
  await expect(dialog).toBeHidden();
  expect(await storedKeys(kiosk)).toEqual(held);

  // Idle again, and nobody answers: the visit is wiped and the home page opens.
  await kiosk.clock.fastForward(91_000);
  await expect(dialog).toBeVisible();
  await expectElderAccessible(kiosk);
  expect.soft(await elderProblems(kiosk), 'the idle dialog in elder mode').toEqual([]);
  await kiosk.clock.fastForward(31_000);
  await expect(kiosk).toHaveURL(/\/$/);
  await expect(kiosk.getByRole('heading', { level: 1 })).toHaveText('市民办事服务');
  await expect(kiosk.locator('html')).toHaveAttribute('lang', 'zh-Hans');
  await expect(kiosk.locator('html')).not.toHaveClass(/app-elder/);
  expect(await storedKeys(kiosk)).toEqual(['banshi.kiosk', 'banshi.kiosk-session']);
  // The page writes its own language's cookie; none of the previous visitor's choices is left.
  const cookies = await kiosk.evaluate(() => document.cookie);
  expect(cookies).not.toContain('zh-Hant');
  expect(cookies).not.toContain('banshi_elder');
  await expect(kiosk.getByText(receipt.ticket)).toHaveCount(0);
  await expect(bar).toBeVisible();
  // Nobody has touched the new visit yet: it is left alone, however long it waits.
  await kiosk.clock.fastForward(200_000);
  await expect(kiosk.locator('dialog[open]')).toHaveCount(0);

  // Back never shows the previous visitor's pages.
  for (let i = 0; i < 3; i += 1) {
    await kiosk.goBack();
    await expect(kiosk).toHaveURL(/\/$/);
    await expect(kiosk.getByRole('heading', { level: 1 })).toHaveText('市民办事服务');
  }
  await kioskGoto(kiosk, `/s/${service.service_code}/apply`);
  await expect(kiosk.locator('main input[type="text"], main textarea').first()).toHaveValue('');
  await context.close();

  // A phone opening the same portal is never a kiosk.
  const phone = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
  await phone.clock.install();
  await phone.goto('/');
  await phone.getByRole('searchbox').fill('户口');
  await phone.clock.fastForward(300_000);
  await expect(phone.locator('.app-kiosk-bar, dialog[open]')).toHaveCount(0);
  await expect(phone.locator('html')).not.toHaveClass(/app-kiosk/);
});

test('the kiosk dialog and the end button work in English by keyboard alone', async ({ browser, request }) => {
  const staff = { Authorization: `Bearer ${process.env.BANSHI_STAFF_TOKEN}` };
  const { code } = await (await request.post('/api/v1/staff/kiosk-enrolments', { headers: staff, data: { hall_id: 'main', label: 'Entrance' } })).json();
  const kiosk = await (await browser.newContext({ locale: 'en-GB' })).newPage();
  await kiosk.clock.install();
  await kiosk.goto(`/kiosk/enrol#code=${code}`);
  await expect(kiosk.getByRole('status')).toContainText('Entrance');
  await kioskGoto(kiosk, '/track');
  await kiosk.getByLabel(/reference/i).first().fill('BS-20260101-0001');
  await kiosk.clock.fastForward(91_000);
  const dialog = kiosk.getByRole('dialog', { name: 'Are you still there?' });
  await expect(dialog).toBeVisible();
  await expectAccessible(kiosk);
  await kiosk.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(kiosk.getByLabel(/reference/i).first()).toHaveValue('BS-20260101-0001');
  // "I have finished", reached with the keyboard, clears the visit at once.
  const end = kiosk.getByRole('button', { name: 'I have finished' });
  for (let i = 0; i < 12 && !(await end.evaluate((b) => b === document.activeElement)); i += 1) await kiosk.keyboard.press('Shift+Tab');
  await expect(end).toBeFocused();
  await kiosk.keyboard.press('Enter');
  await expect(kiosk).toHaveURL(/\/$/);
  expect(await storedKeys(kiosk)).toEqual(['banshi.kiosk', 'banshi.kiosk-session']);
});
