// Appointments end to end (issue 12): against servers of this test's own, on one SQLite file,
// with their clocks set to a Monday morning and then to the booked Tuesday (`--pretend-now`),
// and an SMS gateway this test runs. A citizen books a slot with the code the gateway
// received, the server is killed and restarted on the day, the citizen checks in by the
// booking's QR code (decoded by zbar) and is called before a walk-in who came earlier; the
// gateway gets "called" and "three ahead". Staff close a slot, and the one booked is told.
// A phone suspended for three missed bookings appeals, a supervisor grants it, and on the
// day an enrolled kiosk checks the new booking in by its typed code.
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, expectAccessible } from './fixtures.mjs';
import { signIn } from './helpers.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'banshi-booking-'));

/** An SMS gateway: keeps each message POSTed to it. */
async function smsGateway() {
  const received = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => { body += chunk; });
    request.on('end', () => {
      received.push(JSON.parse(body));
      response.writeHead(200).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/sms`;
  /** The texts sent to `phone`, once one matches `pattern`. */
  const waitFor = async (phone, pattern) => {
    await expect.poll(() => received.filter((m) => m.to === phone).map((m) => m.text).find((t) => pattern.test(t)),
      { timeout: 20_000, message: `an SMS to ${phone} matching ${pattern}` }).toBeTruthy();
    return received.filter((m) => m.to === phone).map((m) => m.text);
  };
  return { url, received, waitFor, close: () => server.close() };
}

/** Starts a portal server of this test's own, its clock at `now`; resolves with its address
 * and what it printed at start (the demo staff's passwords). */
async function startServer(db, now, sms, port = 0) {
  const child = spawn(process.env.BANSHI_SERVER_BIN,
    ['--listen', `127.0.0.1:${port}`, '--database', db, '--dist', process.env.BANSHI_DIST, '--demo',
      '--sms-webhook', sms, '--notify-retry-seconds', '1', '--pretend-now', now],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const address = await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const found = out.match(/serving at http:\/\/([\d.:]+)\//);
      if (found && out.includes('\n\n')) resolve(found[1]);
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  child.stdout.resume();
  const password = (name) => out.split('\n').map((l) => l.trim().split(/\s+/)).find((w) => w.length === 3 && w[1] === name)?.[2];
  return { child, address, password };
}

/** The text zbarimg reads from a screenshot of `locator`. */
async function zbar(locator, name) {
  const file = join(scratch, `${name}.png`);
  await locator.locator('svg').waitFor();
  writeFileSync(file, await locator.screenshot());
  return execFileSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', file],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

// Monday 14 December 2026, before opening; the first bookable day is Tuesday the 15th.
const MONDAY = '2026-12-14T08:00:00+08:00';
const ON_THE_DAY = '2026-12-15T09:50:00+08:00';

test('a citizen books with the SMS code, checks in by QR code on the day and is called before an earlier walk-in', async ({ browser, playwright }) => {
  test.setTimeout(180_000);
  const sms = await smsGateway();
  const db = join(mkdtempSync(join(tmpdir(), 'banshi-book-')), 'book.sqlite3');
  let server = await startServer(db, MONDAY, sms.url);
  const base = `http://${server.address}`;
  const phone = browser.newContext({ baseURL: base, locale: 'zh-CN' });
  const citizen = await (await phone).newPage();
  await citizen.goto('/hall');
  await citizen.getByRole('link', { name: '预约到厅时间' }).first().click();
  await expect(citizen.getByRole('heading', { level: 1 })).toHaveText(/^预约到.*办事$/);
  await citizen.getByLabel('B 户籍与证件').check();
  await citizen.getByLabel(/^2026-12-15 周二$/).check();
  await expect(citizen.getByLabel('10:00–11:00（还剩 4 个名额）')).toBeVisible();
  await citizen.getByLabel('10:00–11:00（还剩 4 个名额）').check();
  await citizen.getByLabel('手机号').fill('13900001234');
  // What was chosen and typed survives a reload.
  await citizen.reload();
  await expect(citizen.getByLabel('10:00–11:00（还剩 4 个名额）')).toBeChecked();
  await expect(citizen.getByLabel('手机号')).toHaveValue('13900001234');
  // Booking without the code names what is missing.
  await citizen.getByRole('button', { name: '确认预约' }).click();
  await expect(citizen.locator('.app-error-summary')).toContainText('请填写短信验证码');
  await expectAccessible(citizen);
  await citizen.getByRole('button', { name: '获取验证码' }).click();
  await expect(citizen.locator('#book-code-sent')).toContainText('验证码已发出');
  const texts = await sms.waitFor('13900001234', /验证码是 \d{6}/);
  const code = texts.find((t) => /验证码是/.test(t)).match(/验证码是 (\d{6})/)[1];
  await expect(citizen.locator('body')).not.toContainText(code);
  await citizen.getByLabel('短信验证码').fill(code === '000000' ? '111111' : '000000');
  await citizen.getByRole('button', { name: '确认预约' }).click();
  await expect(citizen.locator('.app-error-summary')).toContainText('验证码不正确');
  await expectAccessible(citizen);
  await citizen.getByLabel('短信验证码').fill(code);
  await citizen.getByRole('button', { name: '确认预约' }).click();
  await expect(citizen).toHaveURL(/\/b\/[A-Z0-9]{8}\?hall=main$/);
  await expect(citizen.locator('#booking-state')).toHaveText('已预约，待签到');
  await expect(citizen.locator('#booking-when')).toHaveText('2026-12-15 10:00–11:00');
  await expect(citizen.locator('#booking-window')).toContainText('2026-12-15 09:45');
  await expectAccessible(citizen);
  // Too early to check in on Monday.
  await citizen.getByRole('button', { name: '签到' }).click();
  await expect(citizen.locator('#booking-said')).toContainText('现在还不能签到');
  await expectAccessible(citizen);
  const qr = await zbar(citizen.locator('.app-qr--carry'), 'booking');
  expect(qr).toMatch(new RegExp(`^${base}/b/[A-Z0-9]{8}\\?hall=main#token=[A-Z0-9]+$`));

  // The server dies and comes back on the day, on the same file and port.
  const gone = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGKILL');
  await gone;
  server = await startServer(db, ON_THE_DAY, sms.url, Number(server.address.split(':')[1]));
  const token = execFileSync(process.env.BANSHI_SERVER_BIN, ['staff', 'token', 'clerk.wang', '--label', 'booking test', '--database', db])
    .toString().split('\n').find((l) => l.startsWith('bst_'));
  const api = await playwright.request.newContext({ baseURL: base, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  // Five walk-ins came before the booked citizen; the fifth will be told at three ahead.
  const walkIns = [];
  for (let i = 1; i <= 5; i += 1) {
    const taken = await api.post('/api/v1/halls/main/lines/B/numbers', { data: { phone: `1370000100${i}` } });
    expect(taken.status(), await taken.text()).toBe(201);
    walkIns.push((await taken.json()).number);
  }
  // At a kiosk, the booking's QR code is scanned: its address opens with the token.
  const kiosk = await browser.newContext({ baseURL: base, locale: 'zh-CN' });
  const scanned = await kiosk.newPage();
  await scanned.goto(qr);
  await expect(scanned.locator('#booking-state')).toHaveText('已预约，待签到');
  await expect(scanned).toHaveURL(/\/b\/[A-Z0-9]{8}\?hall=main$/, { timeout: 5_000 });
  await scanned.getByRole('button', { name: '签到' }).click();
  await expect(scanned.locator('#queue-state')).toHaveText(/^前面还有 0 人/);
  const mine = (await scanned.getByRole('heading', { level: 1 }).textContent()).replace('您的号码 ', '');
  expect(walkIns).not.toContain(mine);
  await expectAccessible(scanned);
  // The clerk calls: the booking comes before every walk-in.
  const called = await api.post('/api/v1/staff/halls/main/windows/4/call', { data: {} });
  expect((await called.json()).number).toBe(mine);
  await expect(scanned.getByRole('heading', { level: 1 })).toHaveText(`${mine} 请到 4号窗口`);
  await sms.waitFor('13900001234', new RegExp(`请 ${mine} 号到 4 号窗口办理`));
  const next = await api.post('/api/v1/staff/halls/main/windows/4/call', { data: {} });
  expect((await next.json()).number).toBe(walkIns[0]);
  const told = await sms.waitFor('13700001005', /前面还有 3 人/);
  expect(told.filter((t) => /前面还有/.test(t)), 'told once').toHaveLength(1);
  // The citizen's own phone sees the booking checked in, with its number.
  await citizen.reload();
  await expect(citizen.locator('#booking-state')).toHaveText('已签到，将优先叫号');
  await expect(citizen.locator('#booking-number')).toHaveText(`查看排队号 ${mine}`);
  await expectAccessible(citizen);
  await kiosk.close();
  await (await phone).close();
  await api.dispose();
  server.child.kill('SIGKILL');
  sms.close();
});

test('staff close a booked slot and the citizen is told by SMS; a device that is not a kiosk is told where to check in', async ({ browser, page }) => {
  test.setTimeout(120_000);
  const sms = await smsGateway();
  const db = join(mkdtempSync(join(tmpdir(), 'banshi-close-')), 'close.sqlite3');
  const server = await startServer(db, MONDAY, sms.url);
  const base = `http://${server.address}`;
  const context = await browser.newContext({ baseURL: base, locale: 'zh-CN' });
  const api = context.request;
  const sent = await api.post('/api/v1/halls/main/phone-codes', { data: { phone: '13900005678' } });
  expect(sent.status()).toBe(202);
  const code = (await sms.waitFor('13900005678', /验证码是/)).join('').match(/验证码是 (\d{6})/)[1];
  const booked = await api.post('/api/v1/halls/main/bookings',
    { data: { line: 'C', date: '2026-12-15', starts: '14:00', phone: '13900005678', code } });
  expect(booked.status(), await booked.text()).toBe(201);
  const staff = await context.newPage();
  await signIn(staff, 'supervisor.zhang', server.password('supervisor.zhang'));
  await staff.getByRole('link', { name: '预约管理' }).click();
  await expect(staff.getByRole('heading', { level: 1 })).toHaveText('预约管理');
  await expect(staff.locator('#appeals-title')).toHaveText('暂停预约的申诉');
  await staff.getByLabel('业务').selectOption('C');
  const row = staff.locator('table', { has: staff.locator('caption', { hasText: '2026-12-15' }) }).locator('tr', { hasText: '14:00–15:00' });
  await expect(row).toContainText('1 / 3');
  await expectAccessible(staff);
  await staff.getByRole('button', { name: '关闭 2026-12-15 14:00–15:00' }).click();
  await expectAccessible(staff);
  await staff.getByRole('button', { name: '确定关闭并通知：2026-12-15 14:00–15:00' }).click();
  await expect(staff.locator('#slots-said')).toHaveText('2026-12-15 14:00 的时段已关闭，已短信通知 1 位预约市民。');
  await expect(row).toContainText('已关闭');
  await sms.waitFor('13900005678', /时段已关闭/);
  // A device that is not a kiosk is told where to check in.
  await page.goto(`${base}/check-in`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('预约签到');
  await expect(page.locator('main')).toContainText('请在大厅的自助机上输入预约码签到');
  await expectAccessible(page);
  await context.close();
  server.child.kill('SIGKILL');
  sms.close();
});

/** Runs `sql` with `params` on the SQLite file `db`, as the passing of days would change it. */
function poke(db, sql, params) {
  execFileSync('python3', ['-c', `import sqlite3, sys, json
c = sqlite3.connect(sys.argv[1], timeout=10)
c.execute(sys.argv[2], json.loads(sys.argv[3]))
c.commit()`, db, sql, JSON.stringify(params)]);
}

test('a suspended phone appeals and a supervisor lifts it; a kiosk checks a booking in by its typed code', async ({ browser }) => {
  test.setTimeout(180_000);
  const sms = await smsGateway();
  const db = join(mkdtempSync(join(tmpdir(), 'banshi-appeal-')), 'appeal.sqlite3');
  let server = await startServer(db, MONDAY, sms.url);
  const base = `http://${server.address}`;
  const context = await browser.newContext({ baseURL: base, locale: 'zh-CN' });
  // Three bookings this phone never came to, in the last 30 days.
  for (const [i, day] of ['01', '05', '10'].entries()) {
    poke(db, `INSERT INTO bookings (reference, hall_id, line_code, day, starts, ends, slot_at, phone, locale, token_hash, booked_at)
              VALUES (?, 'main', 'A', ?, '10:00', '11:00', ?, '13900007777', 'zh-Hans', 'x', ?)`,
      [`MISSED0${i}`, `202612${day}`, `2026-12-${day}T10:00:00+08:00`, `2026-11-20T10:00:00+08:00`]);
  }
  const citizen = await context.newPage();
  await citizen.goto('/book');
  await citizen.getByLabel('A 税务与社保').check();
  await citizen.getByLabel(/^2026-12-15 周二$/).check();
  await citizen.getByLabel('09:00–10:00（还剩 4 个名额）').check();
  await citizen.getByLabel('手机号').fill('13900007777');
  await citizen.getByRole('button', { name: '获取验证码' }).click();
  const code = (await sms.waitFor('13900007777', /验证码是/)).join('').match(/验证码是 (\d{6})/)[1];
  await citizen.getByLabel('短信验证码').fill(code);
  await citizen.getByRole('button', { name: '确认预约' }).click();
  await expect(citizen.locator('.app-error-summary')).toContainText('暂时不能预约');
  await expect(citizen.locator('#book-appeal')).toContainText('可以现场取号，或在下面提出申诉');
  await expectAccessible(citizen);
  await citizen.getByRole('button', { name: '提交申诉' }).click();
  await expect(citizen.locator('.app-error-summary')).toContainText('请写明申诉理由');
  await expectAccessible(citizen);
  await citizen.getByLabel('申诉理由').fill('那几天住院了，没能来。');
  await citizen.getByRole('button', { name: '提交申诉' }).click();
  await expect(citizen.locator('#book-appeal-filed')).toHaveText('申诉已提交。目前暂停预约至 2027-01-09 10:00，主管批准后即可恢复。');
  await expectAccessible(citizen);
  const staff = await context.newPage();
  await signIn(staff, 'supervisor.zhang', server.password('supervisor.zhang'));
  await staff.goto('/staff/appointments');
  await expect(staff.locator('#appeals')).toContainText('那几天住院了，没能来。');
  await expect(staff.locator('#appeals')).toContainText('3 次，暂停至 2027-01-09 10:00');
  await staff.getByRole('button', { name: '批准尾号 7777 的申诉' }).click();
  await expect(staff.locator('#appeals')).toContainText('已批准');
  await expectAccessible(staff);
  // Booking works again, with a new code (the appeal used the last; a minute has passed).
  const api = context.request;
  poke(db, 'DELETE FROM phone_codes', []);
  const again = await api.post('/api/v1/halls/main/phone-codes', { data: { phone: '13900007777' } });
  expect(again.status(), await again.text()).toBe(202);
  const codes = () => sms.received.filter((m) => m.to === '13900007777' && /验证码是/.test(m.text))
    .map((m) => m.text.match(/验证码是 (\d{6})/)[1]);
  await expect.poll(() => codes().length, { timeout: 20_000 }).toBe(2);
  const fresh = codes()[1];
  const booked = await api.post('/api/v1/halls/main/bookings',
    { data: { line: 'A', date: '2026-12-15', starts: '10:00', phone: '13900007777', code: fresh } });
  expect(booked.status(), await booked.text()).toBe(201);
  const { reference } = await booked.json();

  // On the day, at a kiosk, the citizen types the code.
  const gone = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGKILL');
  await gone;
  server = await startServer(db, ON_THE_DAY, sms.url, Number(server.address.split(':')[1]));
  const token = execFileSync(process.env.BANSHI_SERVER_BIN, ['staff', 'token', 'supervisor.zhang', '--label', 'kiosk test', '--database', db])
    .toString().split('\n').find((l) => l.startsWith('bst_'));
  const enrolment = await api.post('/api/v1/staff/kiosk-enrolments',
    { headers: { Authorization: `Bearer ${token}` }, data: { hall_id: 'main', label: '入口' } });
  expect(enrolment.status(), await enrolment.text()).toBe(201);
  const hallKiosk = await browser.newContext({ baseURL: base, locale: 'zh-CN' });
  const kiosk = await hallKiosk.newPage();
  await kiosk.goto(`/kiosk/enrol#code=${(await enrolment.json()).code}`);
  await expect(kiosk.getByRole('status')).toContainText('入口');
  await kiosk.goto('/check-in');
  await expect(kiosk.getByRole('heading', { level: 1 })).toHaveText('预约签到');
  await expectAccessible(kiosk);
  await kiosk.getByLabel('预约码').fill('ZZZZ2222');
  await kiosk.getByRole('button', { name: '签到' }).click();
  await expect(kiosk.locator('.app-error-summary')).toContainText('找不到这个预约码');
  await expectAccessible(kiosk);
  await kiosk.getByLabel('预约码').fill(reference.toLowerCase());
  await kiosk.getByRole('button', { name: '签到' }).click();
  await expect(kiosk.locator('#check-in-number')).toContainText('签到成功，请留意大屏叫号。');
  await expect(kiosk.locator('#check-in-number .app-queue__number')).toHaveText(/^A\d{3}$/);
  await expectAccessible(kiosk);
  await hallKiosk.close();
  await context.close();
  server.child.kill('SIGKILL');
  sms.close();
});
