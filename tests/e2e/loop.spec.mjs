// Closing the loop, in Chromium against the real server in demo mode, with the real SMTP
// server that `cargo xtask e2e` starts (aiosmtpd writing each accepted message to
// BANSHI_MAIL_LOG): a citizen files and chooses e-mail; the officer asks for information and
// completes the ticket; the mail server holds each message, in Chinese, without the access
// code; the citizen rates it 不满意; the rework appears in the officer's ledger, who verifies
// and writes the result; the citizen reads the result and rates the rework. The public
// statistics (/stats) and the officer's (/staff/stats, with its CSV) change accordingly.
import { readFileSync, existsSync } from 'node:fs';
import { test, expect, expectAccessible } from './fixtures.mjs';
import { fillRequired, signIn } from './helpers.mjs';

test.use({ expectedConsoleErrors: /status of 401 / });

/** The messages the mail server accepted for `ticket`. */
function mailFor(ticket) {
  const log = process.env.BANSHI_MAIL_LOG;
  if (!log || !existsSync(log)) return [];
  return readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line))
    .filter((m) => m.message_id && m.subject.includes(ticket));
}

/** A figure of the statistics page: its base (`of`) and what met it (`count`), 0 when shown as no data. */
async function figure(page, code) {
  const base = page.locator(`[data-figure="${code}"] dd.app-hint`);
  if (await base.count() === 0) return { of: 0, count: 0 };
  const [of, count] = (await base.textContent()).match(/\d+/g).map(Number);
  return { of, count };
}

/** Bad ratings whose rework is still within its deadline, as the statistics page says. */
async function pending(page) {
  const note = page.locator('[data-figure="reworked"] .app-figure__how .app-hint');
  return (await note.count()) === 0 ? 0 : Number((await note.textContent()).match(/\d+/)[0]);
}

async function openStats(page) {
  await page.goto('/stats');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('办事统计');
  await page.locator('#stats-overall').waitFor();
}

async function saveStatus(page, label) {
  await page.getByRole('radio', { name: label, exact: true }).check();
  await page.getByRole('button', { name: '保存状态' }).click();
  await expect(page.getByRole('status').filter({ hasText: '状态已保存' })).toHaveText(`状态已保存：${label}`);
}

test('a citizen told by e-mail rates the result 不满意; the officer reworks it and the citizen reads the result', async ({ page, browser, request }) => {
  test.setTimeout(120_000);
  expect(process.env.BANSHI_MAIL_LOG, 'cargo xtask e2e passes the mail log').toBeTruthy();
  const service = await (await request.get('/api/v1/services/tax-payment-certificate', { headers: { 'Accept-Language': 'zh-Hans' } })).json();
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto('/s/tax-payment-certificate/apply');
  await fillRequired(page, service);
  await page.getByRole('button', { name: '继续' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('请核对您的申请');

  // E-mail chosen without an address: the summary says what to do, and nothing is filed.
  await page.getByLabel('发邮件给我').check();
  await page.getByRole('button', { name: '确认并提交' }).click();
  await expect(page.locator('.app-error-summary')).toContainText('您选择了邮件通知，请填写电子邮箱');
  await expectAccessible(page);
  await page.getByRole('link', { name: /修改\s*电子邮箱/ }).click();
  await page.locator('#field-email').fill('li.hua@example.cn');
  await page.getByRole('button', { name: '继续' }).click();
  // The choice survived the trip back to the form.
  await expect(page.getByLabel('发邮件给我')).toBeChecked();
  await expect(page.locator('.app-error-summary')).toHaveCount(0);
  await page.getByRole('button', { name: '确认并提交' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('申请已提交');
  const ticket = (await page.locator('.app-panel__ref').textContent()).trim();
  const code = (await page.locator('.app-panel__code').textContent()).trim();

  const officer = await (await browser.newContext()).newPage();
  await signIn(officer, process.env.BANSHI_OFFICER, process.env.BANSHI_OFFICER_PASSWORD);
  await officer.goto(`/staff/tickets/${ticket}`);
  await expect(officer.getByRole('heading', { level: 1 })).toHaveText(`办件 ${ticket}`);
  await expect(officer.getByText('市民选择邮件通知。')).toBeVisible();
  await saveStatus(officer, '已受理');
  await officer.getByRole('radio', { name: '待补充材料', exact: true }).check();
  await officer.getByLabel('第 1 项').fill('近三个月的完税凭证');
  await officer.getByRole('button', { name: '保存状态' }).click();
  await expect(officer.getByRole('status').filter({ hasText: '状态已保存' })).toHaveText('状态已保存：待补充材料');
  await saveStatus(officer, '办理中');
  await saveStatus(officer, '已办结');

  // The mail server holds each message, in the citizen's language, without the access code.
  await expect.poll(() => mailFor(ticket).length, { timeout: 20_000 }).toBe(4);
  const mail = mailFor(ticket);
  expect(mail.map((m) => m.subject)).toContain(`您的办件需要补充材料 (${ticket})`);
  expect(mail.find((m) => m.subject.startsWith('您的办件需要补充材料')).body).toContain('- 近三个月的完税凭证');
  for (const message of mail) {
    expect(message.rcpt_tos).toEqual(['li.hua@example.cn']);
    expect(message.body).not.toContain(code);
    expect(message.body).toContain('/track');
  }
  // Staff see each message delivered.
  await expect.poll(async () => {
    await officer.reload();
    await officer.locator('#case-messages').waitFor();
    return officer.locator('#case-messages tbody tr', { hasText: '已发送' }).count();
  }, { timeout: 10_000 }).toBe(4);
  await expectAccessible(officer);

  // The public statistics, from the footer: each chart has its table.
  await page.getByRole('link', { name: '办事统计' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('办事统计');
  // The heading comes before the figures: count the bars once the tables are there.
  await page.locator('#stats-categories-data tbody tr').first().waitFor();
  await expect(page.locator('#stats-months svg rect')).toHaveCount(await page.locator('#stats-months-data tbody tr').count());
  await expect(page.locator('#stats-categories svg rect')).toHaveCount(await page.locator('#stats-categories-data tbody tr').count());
  await expect(page.locator('[data-figure="on-time"] .app-figure__value')).toHaveText(/^\d+(\.\d)?%$/);
  const satisfiedBefore = await figure(page, 'satisfied');
  const reworkedBefore = await figure(page, 'reworked');
  const pendingBefore = await pending(page);
  expect(satisfiedBefore.of, 'the demo history has ratings').toBeGreaterThan(100);
  await expectAccessible(page);
  // A period that ends before it starts is refused, on the field, before anything is asked.
  await page.getByLabel('开始日期').fill('2026-05-02');
  await page.getByLabel('结束日期').fill('2026-05-01');
  await page.getByRole('button', { name: '查看' }).click();
  await expect(page.locator('.app-error-summary')).toContainText('结束日期不能早于开始日期');
  await expect(page.locator('.app-error-summary')).toBeFocused();
  await expectAccessible(page);
  await page.getByLabel('结束日期').fill('2026-05-31');
  await page.getByRole('button', { name: '查看' }).click();
  await expect(page).toHaveURL(/\/stats\?from=2026-05-02&to=2026-05-31$/);
  await expect(page.locator('#stats-period')).toContainText('2026-05-02 至 2026-05-31');
  await expect(page.locator('#stats-months-data tbody tr')).toHaveCount(1);

  // The citizen rates it 不满意; the status stays, and a rework is promised.
  await page.goto(`/track/${ticket}`);
  await page.getByLabel('不满意', { exact: true }).check();
  await page.getByLabel('意见或建议').fill('来回跑了两趟才开出证明');
  await page.getByRole('button', { name: '提交评价' }).click();
  await expect(page.locator('#rework')).toContainText('您的评价已转为整改任务');
  await expect(page.locator('.app-summary-list')).toContainText('已办结');
  await expectAccessible(page);

  // The statistics count one more rating, not satisfied, and one more rework under way.
  await openStats(page);
  expect(await figure(page, 'satisfied')).toEqual({ of: satisfiedBefore.of + 1, count: satisfiedBefore.count });
  expect(await pending(page)).toBe(pendingBefore + 1);
  // Back to the ticket, which stays open while the officer works.
  await page.goto(`/track/${ticket}`);
  await expect(page.locator('#rework')).toContainText('您的评价已转为整改任务');

  // The rework is in the officer's ledger; the officer verifies it and writes the result.
  await officer.getByRole('link', { name: '差评台账' }).first().click();
  await expect(officer.getByRole('heading', { level: 1 })).toHaveText('差评台账');
  const row = officer.locator('#bad-ratings tbody tr').filter({ hasText: ticket });
  await expect(row).toContainText('核实中');
  await expectAccessible(officer);
  await row.getByRole('link', { name: ticket }).click();
  await expect(officer.locator('#case-rework')).toBeVisible();
  await officer.getByLabel('核实情况（仅工作人员可见）').fill('窗口未一次性告知所需材料');
  await officer.getByRole('button', { name: '完成核实' }).click();
  await expect(officer.getByRole('status').filter({ hasText: '整改进展已保存' })).toBeVisible();
  await officer.getByLabel('整改结果（市民可见，并通知市民）').fill('已将完税证明寄到您的邮箱，并更新了一次性告知单。');
  await officer.getByRole('button', { name: '提交整改结果' }).click();
  await expect(officer.getByRole('status').filter({ hasText: '整改进展已保存' })).toBeVisible();
  await expectAccessible(officer);

  // The officer's statistics, by service and officer, download as CSV.
  await officer.getByRole('link', { name: '统计', exact: true }).first().click();
  await expect(officer.getByRole('heading', { level: 1 })).toHaveText('按事项和人员统计');
  await expect(officer.locator('#stats-officers tbody tr')).toHaveCount(1);
  await expect(officer.locator('#stats-officers tbody tr')).toContainText('李明');
  const [download] = await Promise.all([officer.waitForEvent('download'), officer.locator('#stats-officers-csv').click()]);
  expect(download.suggestedFilename()).toMatch(/^banshi-stats-officers-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '').split('\r\n');
  expect(csv[0].split(',').slice(0, 3)).toEqual(['经办人员', '代码', '提交件数']);
  expect(csv[1]).toMatch(/^李明,officer\.li,\d+,\d+,/);
  await expectAccessible(officer);

  // The citizen's open page shows the result, without the finding, and asks about it.
  await expect(page.locator('#rework-result')).toHaveText('已将完税证明寄到您的邮箱，并更新了一次性告知单。', { timeout: 5_000 });
  await expect(page.locator('#rework')).not.toContainText('一次性告知所需材料');
  await page.getByLabel('满意', { exact: true }).check();
  await page.getByRole('button', { name: '提交回访评价' }).click();
  await expect(page.locator('#rework')).toContainText('您对整改的满意度：满意');
  await expect(page.getByText('您的评价：不满意')).toBeVisible();
  await expectAccessible(page);
  await expect.poll(() => mailFor(ticket).some((m) => m.subject.startsWith('您的差评整改有了结果')), { timeout: 20_000 }).toBe(true);
  // Put right within its deadline: the statistics count it so.
  await openStats(page);
  expect(await figure(page, 'reworked')).toEqual({ of: reworkedBefore.of + 1, count: reworkedBefore.count + 1 });
  expect(await pending(page)).toBe(pendingBefore);
  await officer.context().close();
});
