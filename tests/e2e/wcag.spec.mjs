// WCAG 2.2 AA over every citizen page and state, measured in the browser against the real
// server: reflow at 320 CSS px (a 1280 px window at 400% zoom) without scrolling sideways
// (1.4.10), targets of at least 24 × 24 px (2.5.8), a name for every control in Playwright's
// accessibility snapshot (4.1.2), axe at that width; focus visible in Windows high contrast
// (forced colours) and never hidden under the sticky read-aloud bar (2.4.11); nothing moves
// when reduced motion is asked for; and each citizen flow completed with the keyboard alone.
import AxeBuilder from '@axe-core/playwright';
import { test, expect, expectAccessible, staffMove } from './fixtures.mjs';
import { tutorialWithService, fileRequest, sampleText, examplePattern } from './helpers.mjs';
import { standInForSpeech } from './speech.mjs';

/** What breaks reflow and target size at the current width. A data table may scroll inside
 * its own box (1.4.10 excepts it); a link inside running text is excepted from 2.5.8. A
 * checkbox or radio's target includes its label, which activates it. */
async function layoutProblems(page) {
  return page.evaluate(() => {
    const problems = [];
    const root = document.documentElement;
    const name = (el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''} "${(el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 24)}"`;
    if (root.scrollWidth > root.clientWidth + 1) {
      const wide = [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1 && !el.closest('.app-table-scroll, .app-skip-link'))
        .slice(-3).map(name);
      problems.push(`scrolls sideways: ${root.scrollWidth}px in ${root.clientWidth}px (${wide.join(', ')})`);
    }
    const shown = (el) => {
      const box = el.getBoundingClientRect();
      return box.width > 1 && box.height > 1 && getComputedStyle(el).visibility !== 'hidden' && !el.closest('[hidden], .app-visually-hidden');
    };
    const block = (el) => el.parentElement.closest('p, li, dd, dt, td, th, div, h1, h2, h3, h4, h5, h6, section, main');
    for (const el of document.querySelectorAll('a[href], button, input:not([type="hidden"]), select, textarea, summary')) {
      if (!shown(el) || el.matches('.app-skip-link')) continue;
      if (el.matches('a') && block(el) && block(el).innerText.trim() !== el.innerText.trim()) continue;
      let box = el.getBoundingClientRect();
      if (el.matches('input[type="radio"], input[type="checkbox"]') && el.labels?.[0]) {
        const label = el.labels[0].getBoundingClientRect();
        box = { width: Math.max(box.right, label.right) - Math.min(box.left, label.left), height: Math.max(box.bottom, label.bottom) - Math.min(box.top, label.top) };
      }
      if (box.width < 23.5 || box.height < 23.5) problems.push(`${name(el)}: target ${Math.round(box.width)} × ${Math.round(box.height)}px`);
    }
    return problems;
  });
}

/** Controls (and images) that the accessibility snapshot shows without a name. */
async function namelessControls(page) {
  const snapshot = await page.locator('body').ariaSnapshot();
  const roles = 'button|link|textbox|searchbox|checkbox|radio|combobox|spinbutton|slider|switch|img|dialog';
  const nameless = new RegExp(`^\\s*- (${roles})(?: \\[[^\\]]*\\])*:?$`);
  return snapshot.split('\n').filter((line) => nameless.test(line)).map((line) => line.trim());
}

/** axe's rules beyond WCAG's that Lighthouse also scores: roles a heading or landmark may
 * not take, skipped heading levels, one main landmark and one `h1`, positive tabindex. */
const BEST_PRACTICE = ['aria-allowed-role', 'heading-order', 'landmark-one-main', 'page-has-heading-one', 'tabindex', 'skip-link'];

/** Checks the page on screen at 320 CSS px, then puts the window back. */
async function expectReflows(page, what) {
  await page.setViewportSize({ width: 320, height: 640 });
  expect.soft(await layoutProblems(page), `${what} at 320 px`).toEqual([]);
  expect.soft(await namelessControls(page), `${what}: controls without a name`).toEqual([]);
  await expectAccessible(page);
  const practice = await new AxeBuilder({ page }).withRules(BEST_PRACTICE).analyze();
  expect.soft(practice.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `${what}: best practice`).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 720 });
}

/** Opens `path`, waits for its heading and checks it. */
async function checkPage(page, path, heading) {
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
  await expectReflows(page, path);
}

/** Opens `path` and waits until the app has taken over the server's page (before that, a
 * link is followed by the browser, and focus is not moved to the next page's heading). */
async function gotoLive(page, path) {
  await page.goto(path);
  await expect(page.locator('html')).toHaveClass(/app-live/);
}

/** Presses Tab (Shift+Tab with `back`) until `locator` has the focus. */
async function tabTo(page, locator, { back = false, most = 80 } = {}) {
  // The locator is resolved again each time: a live page may rebuild the control meanwhile.
  for (let i = 0; i < most; i += 1) {
    if (await locator.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`the keyboard never reached ${locator}`);
}

/** Answers each required field of `service` with the keyboard: Space ticks a choice, and
 * text is typed (a date's digits only, as its segments take them). */
async function answerByKeyboard(page, service) {
  for (const field of service.fields.filter((f) => f.required)) {
    await tabTo(page, page.locator(`#field-${field.code}`));
    if (['singlevaluelist', 'multivaluelist', 'boolean'].includes(field.datatype)) {
      await page.keyboard.press('Space');
      await expect(page.locator(`#field-${field.code}`)).toBeChecked();
    } else {
      const text = sampleText(field) ?? examplePattern(field.pattern);
      await page.keyboard.type(['date', 'datetime'].includes(field.datatype) ? text.replace(/\D/g, '') : text);
    }
  }
}

/** The form of the backend's first service of `kind` (`complaint`, `assistance`). */
async function serviceOfKind(request, kind) {
  const headers = { 'Accept-Language': 'zh-Hans' };
  const summaries = await (await request.get('/api/v1/services', { headers })).json();
  const { service_code: code } = summaries.find((s) => s.kind === kind);
  return (await request.get(`/api/v1/services/${code}`, { headers })).json();
}

/** Answers `service`'s form with the keyboard and sends it through the check page. */
async function fileByKeyboard(page, service) {
  await answerByKeyboard(page, service);
  await tabTo(page, page.getByRole('button', { name: '继续' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('请核对您的申请');
  await tabTo(page, page.getByRole('button', { name: '确认并提交' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('申请已提交');
}

test('every citizen page and state reflows at 320 px, with targets of 24 px and a name for every control', async ({ page, request }) => {
  test.setTimeout(180_000);
  const categories = await (await request.get('/api/v1/categories', { headers: { 'Accept-Language': 'zh-Hans' } })).json();
  const { tutorial, service } = await tutorialWithService(request);
  const receipt = await fileRequest(request);
  const taken = await request.post('/api/v1/halls/main/lines/B/numbers', { data: { phone: '13900002222' } });
  expect(taken.status(), await taken.text()).toBe(201);
  const number = await taken.json();

  await checkPage(page, '/', '市民办事服务');
  await checkPage(page, '/?q=%E7%A4%BE%E4%BF%9D', '市民办事服务');
  await checkPage(page, `/c/${categories[0].code}`, categories[0].name);
  await checkPage(page, `/s/${service.service_code}`, service.service_name);
  await checkPage(page, `/t/${tutorial.id}`, tutorial.title);
  await page.getByRole('button', { name: '给工作人员看' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectReflows(page, 'the card for staff');
  await page.keyboard.press('Escape');
  await checkPage(page, `/s/${service.service_code}/apply`, service.service_name);
  await page.getByRole('button', { name: '继续' }).click();
  await expect(page.locator('.app-error-summary')).toBeFocused();
  await expectReflows(page, 'the form with errors');
  await checkPage(page, '/track', '查询办件进度');
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.locator('.app-error-summary')).toBeFocused();
  await expectReflows(page, 'tracking with errors');
  await checkPage(page, `/track/${receipt.ticket}#code=${receipt.access_code}`, `办件 ${receipt.ticket}`);
  await checkPage(page, '/report', /.+/);
  await checkPage(page, '/get-help', /.+/);
  await checkPage(page, '/hall', /.+/);
  await checkPage(page, `/q/${number.number}?hall=main#token=${number.token}`, /B\d{3}/);
  await checkPage(page, '/stats', '办事统计');
  await checkPage(page, '/scan', /.+/);
  await checkPage(page, '/no/such/page', '找不到该页面');
});

test('in Windows high contrast every focused control shows its focus, and reduced motion stops all motion', async ({ page, request }) => {
  const { tutorial, service } = await tutorialWithService(request);
  const receipt = await fileRequest(request);
  await page.emulateMedia({ forcedColors: 'active', reducedMotion: 'reduce' });
  for (const path of ['/', `/t/${tutorial.id}`, `/s/${service.service_code}/apply`, `/track/${receipt.ticket}#code=${receipt.access_code}`, '/hall']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const unseen = [];
    for (let i = 0; i < 30; i += 1) {
      await page.keyboard.press('Tab');
      const focus = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const style = getComputedStyle(el);
        return { name: `${el.tagName.toLowerCase()} "${(el.innerText || el.value || '').trim().slice(0, 20)}"`, visible: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 };
      });
      if (focus && !focus.visible) unseen.push(focus.name);
    }
    expect.soft(unseen, `focus without an outline in forced colours on ${path}`).toEqual([]);
    const moving = await page.evaluate(() => {
      const running = document.getAnimations().filter((a) => a.playState === 'running').length;
      const transitions = [...document.querySelectorAll('body *')].filter((el) => getComputedStyle(el).transitionDuration.split(',').some((d) => parseFloat(d) > 0)).length;
      return { running, transitions, smooth: getComputedStyle(document.documentElement).scrollBehavior === 'smooth' };
    });
    expect.soft(moving, `motion with reduced motion asked for on ${path}`).toEqual({ running: 0, transitions: 0, smooth: false });
  }
});

test('focus is never hidden under the sticky read-aloud controls', async ({ page, request }) => {
  await standInForSpeech(page);
  const { tutorial } = await tutorialWithService(request);
  await page.setViewportSize({ width: 360, height: 640 });
  await page.goto(`/t/${tutorial.id}`);
  await page.getByRole('button', { name: '朗读本页' }).click();
  const reader = page.locator('.app-reader');
  await expect(reader).toBeVisible();
  await page.locator('.app-skip-link').focus();
  const hidden = [];
  const barInView = [];
  for (let i = 0; i < 40; i += 1) {
    await page.keyboard.press('Tab');
    const covered = await page.evaluate(() => {
      const el = document.activeElement;
      const bar = document.querySelector('.app-reader');
      if (!el || el === document.body || !bar || bar.contains(el)) return null;
      // The part of the control inside the window and above the bar (which sits at the bottom).
      const a = el.getBoundingClientRect();
      const b = bar.getBoundingClientRect();
      const visibleTop = Math.max(a.top, 0);
      const visibleBottom = Math.min(a.bottom, b.top < innerHeight ? b.top : innerHeight, innerHeight);
      return visibleBottom - visibleTop < 1 ? `${el.tagName.toLowerCase()} "${(el.innerText || '').trim().slice(0, 20)}"` : null;
    });
    if (covered) hidden.push(covered);
    // The controls stay at the bottom of the window wherever focus goes.
    const box = await reader.boundingBox();
    if (!box || Math.abs(box.y + box.height - 640) > 1) barInView.push(i);
  }
  expect(hidden, 'controls that took focus out of sight').toEqual([]);
  expect(barInView, 'presses of Tab after which the read-aloud controls were not at the bottom').toEqual([]);
});

test('a citizen files a request from a tutorial with the keyboard alone', async ({ page, request }) => {
  test.setTimeout(120_000);
  const { tutorial, service } = await tutorialWithService(request);
  await gotoLive(page, `/t/${tutorial.id}`);
  await tabTo(page, page.getByRole('link', { name: '开始办理' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(service.service_name);
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  // Continuing with nothing filled in: the error summary takes the focus, and its first link
  // leads to the field.
  await tabTo(page, page.getByRole('button', { name: '继续' }));
  await page.keyboard.press('Enter');
  const summary = page.locator('.app-error-summary');
  await expect(summary).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  const first = service.fields.find((f) => f.required);
  await expect(page.locator(`#field-${first.code}`)).toBeFocused();
  await answerByKeyboard(page, service);
  await tabTo(page, page.getByRole('button', { name: '继续' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('请核对您的申请');
  await expectReflows(page, 'check your answers');
  await tabTo(page, page.getByRole('button', { name: '确认并提交' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('申请已提交');
  await expectReflows(page, 'the confirmation');
  const reference = await page.locator('.app-panel__ref').innerText();
  expect(reference).toMatch(/^BS-\d{8}-\d{4}$/);
});

test('a citizen tracks a ticket, has it read aloud and shows it to staff, and switches language and elder mode, with the keyboard alone', async ({ page, request }) => {
  await standInForSpeech(page);
  const receipt = await fileRequest(request);
  await gotoLive(page, '/');
  await tabTo(page, page.getByRole('button', { name: '长辈版' }));
  await page.keyboard.press('Enter');
  await expect(page.locator('html')).toHaveClass(/app-elder/);
  await tabTo(page, page.getByRole('link', { name: '查询办件进度' }).first());
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('查询办件进度');
  await tabTo(page, page.getByLabel('受理编号'));
  await page.keyboard.type(receipt.ticket);
  await tabTo(page, page.getByLabel('查询码'));
  await page.keyboard.type(receipt.access_code);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`办件 ${receipt.ticket}`);
  await tabTo(page, page.getByRole('button', { name: '朗读本页' }));
  await page.keyboard.press('Enter');
  await expect(page.locator('.app-reader')).toBeVisible();
  await tabTo(page, page.getByRole('button', { name: '停止朗读' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: '朗读本页' })).toBeFocused();
  await tabTo(page, page.getByRole('button', { name: '给工作人员看' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toContainText(receipt.ticket);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: '给工作人员看' })).toBeFocused();
  await tabTo(page, page.getByRole('button', { name: 'English' }), { back: true });
  await page.keyboard.press('Enter');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(receipt.ticket);
});

test('a citizen takes a queue number in the hall with the keyboard alone', async ({ page }) => {
  await gotoLive(page, '/hall');
  const take = page.locator('#take');
  await tabTo(page, take.getByRole('radio').first());
  await page.keyboard.press('Space');
  await expect(take.getByRole('radio').first()).toBeChecked();
  await tabTo(page, take.getByLabel('手机号', { exact: true }));
  await page.keyboard.type(`137${String(Date.now()).slice(-8)}`);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^您的号码 [A-Z]\d{3}$/);
  await expectReflows(page, 'the new number');
});

test('a citizen reports 办不成事 from the footer, withdraws one request and rates another, with the keyboard alone', async ({ page, request }) => {
  test.setTimeout(120_000);
  // The report: the footer's link, then the form of the backend's complaint service.
  const service = await serviceOfKind(request, 'complaint');
  await gotoLive(page, '/');
  await tabTo(page, page.getByRole('link', { name: '办不成事？告诉我们' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(service.service_name);
  await fileByKeyboard(page, service);

  // Withdrawing a request: the button, the reason, the confirmation.
  const withdrawn = await fileRequest(request);
  await gotoLive(page, `/track/${withdrawn.ticket}#code=${withdrawn.access_code}`);
  await tabTo(page, page.getByRole('button', { name: '撤回此申请' }));
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('撤回原因')).toBeFocused();
  await page.keyboard.type('已在网上自行办理');
  await tabTo(page, page.getByRole('button', { name: '确认撤回' }));
  await page.keyboard.press('Enter');
  await expect(page.locator('.app-summary-list').first()).toContainText('已撤回');

  // Rating a finished request: a score ticked with Space, then the button.
  const rated = await fileRequest(request);
  for (const status of ['accepted', 'in_progress', 'completed']) await staffMove(request, rated.ticket, status, undefined);
  await gotoLive(page, `/track/${rated.ticket}#code=${rated.access_code}`);
  await expect(page.locator('.app-summary-list').first()).toContainText('已办结');
  await tabTo(page, page.getByRole('radio').first());
  await page.keyboard.press('Space');
  await expect(page.getByRole('radio').first()).toBeChecked();
  await tabTo(page, page.getByRole('button', { name: '提交评价' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText(/您的评价：/)).toBeVisible();
});

test('a citizen asks for help from a service guide and cancels a queue number, with the keyboard alone', async ({ page, request }) => {
  test.setTimeout(120_000);
  const { service } = await tutorialWithService(request);
  const form = await serviceOfKind(request, 'assistance');
  await gotoLive(page, `/s/${service.service_code}`);
  await tabTo(page, page.getByRole('link', { name: /申请帮办代办/ }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(form.service_name);
  await fileByKeyboard(page, form);

  // Two people ahead on line A (served at window 1 alone), then the citizen's own number.
  const phone = (prefix) => `${prefix}${String(Date.now()).slice(-8)}`;
  for (const prefix of ['136', '135']) {
    const ahead = await request.post('/api/v1/halls/main/lines/A/numbers', { data: { phone: phone(prefix) } });
    expect(ahead.status(), await ahead.text()).toBe(201);
  }
  const taken = await request.post('/api/v1/halls/main/lines/A/numbers', { data: { phone: phone('139') } });
  expect(taken.status(), await taken.text()).toBe(201);
  const number = await taken.json();
  await gotoLive(page, `/q/${number.number}?hall=main#token=${number.token}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`您的号码 ${number.number}`);
  await expect(page.locator('#queue-state')).toContainText('前面还有');
  const cancel = page.getByRole('button', { name: '不需要了，取消这个号' });
  await tabTo(page, cancel);
  // The page follows the hall live: a call at window 1 moves the citizen up, and the focus
  // stays on the button (and, below, an open confirmation stays open).
  const callAhead = async () => {
    const before = await page.locator('#queue-state').textContent();
    const called = await request.post('/api/v1/staff/halls/main/windows/1/call', { headers: { Authorization: `Bearer ${process.env.BANSHI_STAFF_TOKEN}` }, data: {} });
    expect(called.status(), await called.text()).toBe(200);
    expect((await called.json()).number, 'window 1 called someone ahead').not.toBe(number.number);
    await expect(page.locator('#queue-state')).not.toHaveText(before);
  };
  await callAhead();
  await expect(cancel).toBeFocused();
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('button', { name: '确定取消' });
  await tabTo(page, confirm);
  await callAhead();
  await expect(confirm).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(cancel).toHaveCount(0);
  await expect(page.locator('#queue-state')).toContainText('已取消');
});
