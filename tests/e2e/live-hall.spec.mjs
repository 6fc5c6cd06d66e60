// The live hall end to end, in several browser contexts against the real server: a citizen
// takes a number on the hall page, a clerk calls it on the counter console, the citizen's
// page announces the call and the calling board shows and speaks it (through a stand-in for
// speech synthesis); the missed number returns three places back; the served visit is
// rated. A second journey restarts a server of its own under the board, which reconnects.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, expectAccessible } from './fixtures.mjs';
import { signIn } from './helpers.mjs';
import { standInForSpeech, spoken } from './speech.mjs';

const staff = { Authorization: `Bearer ${process.env.BANSHI_STAFF_TOKEN}` };

/** Takes a number of `line` through the API, as another citizen's phone would. */
async function take(request, line, phone) {
  const taken = await request.post(`/api/v1/halls/main/lines/${line}/numbers`, { data: { phone } });
  expect(taken.status(), await taken.text()).toBe(201);
  return (await taken.json()).number;
}

/** Calls the next number to `window` through the API, as a clerk at another window. */
async function callTo(request, window) {
  return request.post(`/api/v1/staff/halls/main/windows/${window}/call`, { headers: staff, data: {} });
}

test('a number taken on the phone is called at the counter, announced, missed, returned and rated', async ({ page, browser, request }) => {
  test.setTimeout(120_000);
  // Line B (户籍与证件) is served at windows 4 and 5: window 5 is "another clerk" (the API),
  // window 4 the console under test. Start from an empty queue.
  while ((await callTo(request, 5)).status() === 200);

  // The calling board, on the hall's TV, sound enabled once.
  const tv = await browser.newContext();
  const board = await tv.newPage();
  await standInForSpeech(board);
  await board.goto('/board');
  await expect(board.getByRole('heading', { level: 1 })).toHaveText('海川市民服务中心 叫号');
  await expect(board.locator('.app-header')).toBeHidden();
  await board.getByRole('button', { name: '开启语音播报' }).click();
  await expect(board.locator('#board-sound-on')).toBeVisible();
  await expect(board.locator('#board-no-voice')).toHaveCount(0);
  await expectAccessible(board);

  // Four people ahead, then the citizen takes a number on the hall page.
  for (const phone of ['13700000001', '13700000002', '13700000003', '13700000004']) await take(request, 'B', phone);
  await page.goto('/hall');
  const form = page.locator('#take');
  await form.getByRole('button', { name: '取号' }).click();
  await expect(page.locator('.app-error-summary')).toBeFocused();
  await expect(page.locator('.app-error-summary')).toContainText('请选择要办理的业务');
  await expect(page.locator('.app-error-summary')).toContainText('请填写手机号');
  await expectAccessible(page);
  await form.getByLabel('B 户籍与证件').check();
  await form.getByLabel('手机号', { exact: true }).fill('0571-1234567');
  // What was chosen and typed survives a reload.
  await page.reload();
  await expect(form.getByLabel('B 户籍与证件')).toBeChecked();
  await expect(form.getByLabel('手机号', { exact: true })).toHaveValue('0571-1234567');
  await form.getByRole('button', { name: '取号' }).click();
  await expect(page.locator('.app-error-summary')).toContainText('请填写正确的手机号');
  await form.getByLabel('手机号', { exact: true }).fill('137 0000 1234');
  await form.getByRole('button', { name: '取号' }).click();
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toHaveText(/^您的号码 B\d{3}$/);
  const mine = (await heading.textContent()).replace('您的号码 ', '');
  await expect(page).toHaveURL(new RegExp(`/q/${mine}\\?hall=main$`));
  await expect(page.locator('#queue-state')).toHaveText(/前面还有 4 人/);
  await expect(page.getByRole('img', { name: '在手机上打开这个号的二维码' })).toBeVisible();
  await expectAccessible(page);

  // Carried to a phone: the token rides in the fragment and leaves the address at once.
  const held = await page.evaluate(() => JSON.parse(localStorage.getItem('banshi.queue-numbers')));
  expect(held[0].number).toBe(mine);
  const phone = await (await browser.newContext()).newPage();
  await phone.goto(`/q/${mine}?hall=main#token=${held[0].token}`);
  await expect(phone.locator('#queue-state')).toHaveText(/前面还有 4 人/);
  await expect(phone).toHaveURL(new RegExp(`/q/${mine}\\?hall=main$`));
  await phone.close();

  // Another window calls the first: three ahead now, and the page says so.
  expect((await callTo(request, 5)).status()).toBe(200);
  await expect(page.locator('#queue-said')).toHaveText('前面还有 3 人，请回到大厅准备办理。');
  for (let i = 0; i < 3; i += 1) expect((await callTo(request, 5)).status()).toBe(200);
  await expect(page.locator('#queue-state')).toHaveText(/前面还有 0 人/);

  // The clerk's console, keyboard only.
  const desk = await (await browser.newContext()).newPage();
  await signIn(desk, process.env.BANSHI_SUPERVISOR, process.env.BANSHI_SUPERVISOR_PASSWORD);
  await desk.getByRole('link', { name: '叫号台' }).click();
  await expect(desk.getByRole('heading', { level: 1 })).toHaveText('叫号台');
  await desk.getByRole('button', { name: '开始叫号' }).click();
  await expect(desk.locator('.app-error-message')).toHaveText('请选择您所在的窗口');
  await expectAccessible(desk);
  await desk.getByLabel('窗口', { exact: true }).selectOption('4');
  await desk.getByRole('button', { name: '开始叫号' }).click();
  await expect(desk.locator('#counter-desk')).toContainText('您在 4号窗口');
  await expect(desk.locator('#counter-state')).toHaveText('窗口空闲');
  await expectAccessible(desk);
  await desk.locator('h1').focus();
  await desk.keyboard.press('n');
  await expect(desk.locator('#counter-outcome')).toHaveText(`已叫 ${mine}`);
  await expect(desk.locator('#counter-n')).toBeDisabled();

  // The citizen hears of it, in words, in the tab's title, and the board shows and says it.
  await expect(page.locator('#queue-said')).toHaveText('叫到您了，请到 4号窗口 办理。');
  await expect(heading).toHaveText(`${mine} 请到 4号窗口`);
  await expect(page).toHaveTitle(new RegExp(`^${mine} 请到 4号窗口`));
  await expectAccessible(page);
  await expect(board.locator('#board-latest')).toHaveText(`${mine} → 4号窗口`);
  await expect(board.locator('#board-calls tbody tr').first()).toContainText(mine);
  const spell = mine.split('').join(' ');
  await expect.poll(() => spoken(board)).toEqual(expect.arrayContaining([
    expect.objectContaining({ text: `请 ${spell} 号到 4 号窗口办理`, lang: 'zh-CN', voice: 'zh-CN' }),
    expect.objectContaining({ text: `Number ${spell}, please go to window 4`, lang: 'en', voice: 'en-US' }),
  ]));
  const said = await spoken(board);
  const zh = said.findIndex((s) => s.text.includes(spell) && s.lang === 'zh-CN');
  const en = said.findIndex((s) => s.text.includes(spell) && s.lang === 'en');
  expect(zh, 'Mandarin first, then English').toBeLessThan(en);
  await expectAccessible(board);

  // Not there: missed. Four more join; coming back puts the number three places back.
  await desk.keyboard.press('m');
  await expect(desk.locator('#counter-outcome')).toHaveText(`${mine} 已过号`);
  await expect(page.locator('#queue-said')).toHaveText('您已过号。30 分钟内回来可以重新排队。');
  for (const phone of ['13700000011', '13700000012', '13700000013', '13700000014']) await take(request, 'B', phone);
  await expectAccessible(page);
  await page.getByRole('button', { name: '我回来了，重新排队' }).click();
  await expect(page.locator('#queue-state')).toHaveText(/前面还有 3 人/);

  // Three are called elsewhere; then the console calls the returned number, serves it and
  // finishes; the citizen rates the visit, once.
  for (let i = 0; i < 3; i += 1) expect((await callTo(request, 5)).status()).toBe(200);
  await expect(page.locator('#queue-state')).toHaveText(/前面还有 0 人/);
  await desk.keyboard.press('n');
  await expect(desk.locator('#counter-outcome')).toHaveText(`已叫 ${mine}`);
  await desk.keyboard.press('s');
  await expect(desk.locator('#counter-outcome')).toHaveText(`开始为 ${mine} 办理`);
  await expect(page.locator('#queue-state')).toHaveText('正在办理');
  await desk.keyboard.press('f');
  await expect(desk.locator('#counter-outcome')).toHaveText(`${mine} 已办结`);
  await expect(page.locator('#queue-state')).toHaveText('已办完');
  await page.getByRole('button', { name: '提交评价' }).click();
  await expect(page.getByRole('alert')).toHaveText('请选择一个评价等级');
  await expectAccessible(page);
  await page.getByLabel('非常满意', { exact: true }).check();
  await page.getByRole('button', { name: '提交评价' }).click();
  await expect(page.locator('#queue-rated')).toHaveText('您的评价：非常满意');
  await expect(page.getByRole('button', { name: '提交评价' })).toHaveCount(0);

  // Pausing the window: the hall page shows it paused and the console calls nobody.
  await desk.keyboard.press('p');
  await expect(desk.locator('#counter-desk')).toContainText('暂停中');
  await expect(desk.locator('#counter-n')).toBeDisabled();
  await page.goto('/hall');
  await expect(page.locator('#hall-lines tbody tr').filter({ hasText: '户籍与证件' })).toContainText('4号窗口（暂停服务）');
  await expect(page.locator('#held-title')).toHaveText('本机上的排队号');
  await expectAccessible(page);
  await desk.keyboard.press('p');
  await expect(desk.locator('#counter-desk')).not.toContainText('暂停中');
  await expectAccessible(desk);
  const audit = await (await request.get('/api/v1/staff/audit?action=number_called', { headers: staff })).json();
  expect(audit.some((e) => e.detail === `${mine} → 4`), 'the console call is audited').toBe(true);
  await tv.close();
});

/** Starts a portal server of this test's own on `port` (0: any) and database `db`. */
async function startServer(db, port = 0) {
  const child = spawn(process.env.BANSHI_SERVER_BIN,
    ['--listen', `127.0.0.1:${port}`, '--database', db, '--dist', process.env.BANSHI_DIST, '--demo'],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  const address = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const found = out.match(/serving at http:\/\/([\d.:]+)\//);
      if (found) resolve(found[1]);
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  child.stdout.resume();
  return { child, address };
}

test('the board reconnects after its server restarts, and says which voices it lacks', async ({ browser, playwright }) => {
  test.setTimeout(90_000);
  const dir = mkdtempSync(join(tmpdir(), 'banshi-board-'));
  const db = join(dir, 'board.sqlite3');
  let server = await startServer(db);
  const base = `http://${server.address}`;
  const token = execFileSync(process.env.BANSHI_SERVER_BIN, ['staff', 'token', 'clerk.wang', '--label', 'board test', '--database', db])
    .toString().split('\n').find((l) => l.startsWith('bst_'));
  const api = await playwright.request.newContext({ baseURL: base, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  const tv = await browser.newContext({ baseURL: base });
  const board = await tv.newPage();
  // A browser with a Mandarin voice only.
  await standInForSpeech(board, [{ lang: 'zh-CN', name: 'Tingting' }]);
  await board.goto('/board');
  await expect(board.getByRole('button', { name: '开启语音播报' })).toBeVisible();
  await board.getByRole('button', { name: '开启语音播报' }).click();
  await expect(board.locator('#board-no-voice')).toHaveText('本机没有以下语言的语音，只在屏幕上显示：en');
  await expectAccessible(board);

  // The server is killed and started again on the same port and database.
  server.child.kill('SIGKILL');
  await expect(board.locator('.app-board__offline')).toHaveText('连接中断，正在重新连接……');
  await expectAccessible(board);
  server = await startServer(db, Number(server.address.split(':')[1]));
  await expect(board.locator('.app-board__offline')).toHaveCount(0, { timeout: 20_000 });
  const taken = await api.post('/api/v1/halls/main/lines/C/numbers', { data: { phone: '13900000001' } });
  expect(taken.status()).toBe(201);
  const called = await api.post('/api/v1/staff/halls/main/windows/6/call', { data: {} });
  expect(called.status()).toBe(200);
  const number = (await called.json()).number;
  await expect(board.locator('#board-latest')).toHaveText(`${number} → 6号窗口`);
  await expect.poll(() => spoken(board)).toEqual([
    expect.objectContaining({ text: `请 ${number.split('').join(' ')} 号到 6 号窗口办理`, lang: 'zh-CN' }),
  ]);
  await tv.close();
  await api.dispose();
  server.child.kill('SIGKILL');
});

test('a citizen who no longer needs a number cancels it, after confirming', async ({ page }) => {
  await page.goto('/hall');
  const form = page.locator('#take');
  await form.getByLabel('C 不动产登记').check();
  await form.getByLabel('手机号', { exact: true }).fill('13700005555');
  await form.getByRole('button', { name: '取号' }).click();
  await expect(page.locator('#queue-state')).toHaveText(/前面还有 \d+ 人/);
  await page.getByRole('button', { name: '不需要了，取消这个号' }).click();
  await expect(page.getByRole('group')).toContainText('确定要取消这个号吗？');
  await expectAccessible(page);
  await page.getByRole('button', { name: '不取消' }).click();
  await expect(page.locator('#queue-state')).toHaveText(/前面还有 \d+ 人/);
  await page.getByRole('button', { name: '不需要了，取消这个号' }).click();
  await page.getByRole('button', { name: '确定取消' }).click();
  await expect(page.locator('#queue-state')).toHaveText('已取消');
  await expect(page.getByRole('button', { name: '不需要了，取消这个号' })).toHaveCount(0);
  await expectAccessible(page);
  // The cancelled number is no longer held on this device.
  const held = await page.evaluate(() => JSON.parse(localStorage.getItem('banshi.queue-numbers')));
  expect(held.map((n) => n.number)).not.toContain((await page.getByRole('heading', { level: 1 }).textContent()).replace('您的号码 ', ''));
});
