// One case in Chromium against the real server in demo mode: an officer finds a citizen's
// fresh ticket by phone, asks for two missing items that the citizen's open ticket page shows
// within 2 seconds, keeps an internal note from the citizen, and completes it; a change made
// meanwhile by someone else keeps what the officer typed; a demonstration plays while a
// second browser context watches the ticket and hears each change announced.
import { test, expect, expectAccessible, staffMove } from './fixtures.mjs';
import { fileRequest, signIn } from './helpers.mjs';

// Before sign-in the session answers 401; a stale change answers 409.
test.use({ expectedConsoleErrors: /status of (401|409) / });

/** Opens the citizen's ticket page in its own browser context, as the citizen's phone. */
async function citizenWatching(browser, receipt) {
  const context = await browser.newContext();
  const phone = await context.newPage();
  await phone.goto('/track');
  await phone.getByLabel('受理编号').fill(receipt.ticket);
  await phone.getByLabel('查询码').fill(receipt.access_code);
  await phone.getByRole('button', { name: '查询' }).click();
  await expect(phone.getByRole('heading', { level: 1 })).toHaveText(`办件 ${receipt.ticket}`);
  // Every announcement the live region makes, in order.
  await phone.evaluate(() => {
    window.announced = [];
    const region = document.querySelector('[role=status][aria-live]');
    new MutationObserver(() => window.announced.push(region.textContent)).observe(region, { childList: true, characterData: true, subtree: true });
  });
  return { context, phone };
}

async function saveStatus(page, label, note) {
  await page.getByRole('radio', { name: label, exact: true }).check();
  if (note !== undefined) await page.getByLabel('给申请人的说明').fill(note);
  await page.getByRole('button', { name: '保存状态' }).click();
  await expect(page.getByRole('status').filter({ hasText: '状态已保存' })).toHaveText(`状态已保存：${label}`);
}

test('an officer finds a ticket by phone, asks for two missing items the citizen sees at once, and completes it', async ({ page, browser, request }) => {
  const phone = `137${String(Date.now()).slice(-8)}`;
  const receipt = await fileRequest(request, { name: '赵建国', phone }, 'tax-payment-certificate');
  const { context, phone: citizen } = await citizenWatching(browser, receipt);

  await signIn(page, process.env.BANSHI_OFFICER, process.env.BANSHI_OFFICER_PASSWORD);
  const search = page.getByLabel('受理编号、手机号码或申请人姓名');
  await search.fill(phone);
  await search.press('Enter');
  await expect(page.locator('.app-table tbody tr')).toHaveCount(1);
  await page.getByRole('link', { name: receipt.ticket }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`办件 ${receipt.ticket}`);
  await expect(page).toHaveTitle(new RegExp(receipt.ticket));
  await expect(page.locator('.app-summary-list').first()).toContainText('赵建国');
  await expect(page.locator('.app-summary-list').first()).toContainText(phone);
  await expectAccessible(page);

  // A template in the citizen's language fills the note.
  await page.getByRole('radio', { name: '已受理', exact: true }).check();
  await page.getByLabel('说明模板').selectOption({ index: 1 });
  await expect(page.getByLabel('给申请人的说明')).toHaveValue(/已受理/);
  await page.getByRole('button', { name: '保存状态' }).click();
  await expect(page.getByRole('status').filter({ hasText: '状态已保存' })).toHaveText('状态已保存：已受理');
  await expect(citizen.locator('.app-summary-list')).toContainText('已受理', { timeout: 2000 });

  // Asking for information without saying what is missing is refused with a summary.
  await page.getByRole('radio', { name: '待补充材料', exact: true }).check();
  await page.getByRole('button', { name: '保存状态' }).click();
  await expect(page.locator('.app-error-summary')).toBeFocused();
  await expect(page.locator('.app-error-summary')).toContainText('需补充的材料');
  await expectAccessible(page);
  await page.getByLabel('第 1 项').fill('2025 年 3 月的个人所得税申报表');
  await page.getByRole('button', { name: '再加一项' }).click();
  await expect(page.getByLabel('第 2 项')).toBeFocused();
  await page.keyboard.type('身份证正反面复印件');
  await page.getByRole('button', { name: '保存状态' }).click();
  await expect(page.getByRole('status').filter({ hasText: '状态已保存' })).toHaveText('状态已保存：待补充材料');

  // The citizen's open page lists both items within 2 seconds, and says so.
  const missing = citizen.locator('#missing-items li');
  await expect(missing).toHaveText(['2025 年 3 月的个人所得税申报表', '身份证正反面复印件'], { timeout: 2000 });
  await expect(citizen.getByRole('status').filter({ hasText: '状态已更新' })).toHaveText('状态已更新：待补充材料');
  await expectAccessible(citizen);

  // An internal note stays among staff.
  await page.getByLabel('备注', { exact: true }).fill('申请人来电说明周五前送材料');
  await page.getByRole('button', { name: '添加备注' }).click();
  await expect(page.getByRole('status').filter({ hasText: '备注已添加' })).toBeVisible();
  await expect(page.locator('.app-timeline')).toContainText('申请人来电说明周五前送材料');

  // The citizen answers each item on the phone; a blank answer is refused, and what was
  // typed survives a reload.
  await citizen.getByLabel('2025 年 3 月的个人所得税申报表').fill('已于 11 月 24 日到窗口补交');
  await citizen.getByRole('button', { name: '发送补充内容' }).click();
  await expect(citizen.locator('.app-error-summary')).toBeFocused();
  await expect(citizen.locator('.app-error-summary')).toContainText('请填写“身份证正反面复印件”');
  await expectAccessible(citizen);
  await citizen.reload();
  await expect(citizen.getByLabel('2025 年 3 月的个人所得税申报表')).toHaveValue('已于 11 月 24 日到窗口补交');
  await citizen.getByLabel('身份证正反面复印件').fill('随申报表一并提交');
  await citizen.getByRole('button', { name: '发送补充内容' }).click();
  await expect(citizen.locator('.app-summary-list').first()).toContainText('办理中');
  await expect(citizen.locator('.app-timeline')).toContainText('随申报表一并提交');
  await expect(citizen.getByRole('button', { name: '发送补充内容' })).toHaveCount(0);

  // The officer's inbox marks the reply, and the case shows each answer.
  await page.goto('/staff');
  await page.getByLabel('群众已回复').check();
  await page.getByRole('button', { name: '筛选' }).click();
  await expect(page.getByRole('link', { name: receipt.ticket })).toBeVisible();
  await page.getByRole('link', { name: receipt.ticket }).click();
  await expect(page.locator('.app-timeline')).toContainText('申请人已补充');
  await expect(page.locator('.app-timeline')).toContainText('已于 11 月 24 日到窗口补交');
  await expectAccessible(page);
  await saveStatus(page, '已办结', '证明已开具，可在电子税务局下载。');
  await expect(citizen.locator('.app-summary-list').first()).toContainText('已办结', { timeout: 2000 });
  await expect(citizen.locator('.app-timeline')).toContainText('证明已开具');
  await expect(citizen.locator('#missing-items')).toHaveCount(0);
  await expect(citizen.locator('body')).not.toContainText('申请人来电说明周五前送材料');
  // A completed case can only go back to work (after an unsatisfactory rating).
  await expect(page.locator('input[name="move-to"]')).toHaveCount(1);
  await expect(page.getByRole('radio', { name: '办理中', exact: true })).toBeVisible();
  await expectAccessible(page);
  await context.close();
});

test('a change someone else made first is shown, and what the officer typed is kept', async ({ page, request }) => {
  const receipt = await fileRequest(request, { name: '钱晓燕', phone: '13600001111' }, 'tax-payment-certificate');
  await signIn(page, process.env.BANSHI_OFFICER, process.env.BANSHI_OFFICER_PASSWORD);
  await page.goto(`/staff/tickets/${receipt.ticket}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`办件 ${receipt.ticket}`);
  await page.getByRole('radio', { name: '不予受理', exact: true }).check();
  await page.getByLabel('给申请人的说明').fill('不属于本中心受理范围，请到区税务局办理。');
  // A colleague accepts the case meanwhile.
  await staffMove(request, receipt.ticket, 'accepted', '材料齐全，已受理');
  await page.getByRole('button', { name: '保存状态' }).click();
  await expect(page.locator('.app-error-summary')).toContainText('他人已作出更新');
  await expect(page.locator('.app-summary-list').first()).toContainText('已受理');
  await expect(page.getByLabel('给申请人的说明')).toHaveValue('不属于本中心受理范围，请到区税务局办理。');
  await expectAccessible(page);
  // Saving again, against the case as it is now, goes through.
  await saveStatus(page, '不予受理');
});

test('a front-desk demonstration plays while the citizen\'s phone watches and announces each change', async ({ page, browser, request }) => {
  test.setTimeout(90_000);
  const receipt = await fileRequest(request, { name: '孙丽', phone: '13500002222' });
  const { context, phone } = await citizenWatching(browser, receipt);
  await signIn(page, process.env.BANSHI_SUPERVISOR, process.env.BANSHI_SUPERVISOR_PASSWORD);
  await page.goto(`/staff/tickets/${receipt.ticket}`);
  await expect(page.getByRole('heading', { level: 2, name: '演示' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: '开始演示' }).click();
  await expect(page.getByRole('status').filter({ hasText: '演示进行中' })).toBeVisible();

  await expect(phone.locator('.app-summary-list')).toContainText('已办结', { timeout: 45_000 });
  await expect(phone.locator('.app-timeline')).toContainText('【演示】');
  const announced = await phone.evaluate(() => window.announced.filter((t) => t));
  for (const status of ['已受理', '办理中', '待补充材料', '已办结']) {
    expect(announced, `announced ${status}`).toContain(`状态已更新：${status}`);
  }
  // The staff page followed the demonstration to its end, and offers no second one.
  await expect(page.locator('.app-summary-list').first()).toContainText('已办结', { timeout: 5000 });
  await expect(page.getByRole('button', { name: '开始演示' })).toHaveCount(0);
  await context.close();
});

test('a supervisor resets the demo data after confirming', async ({ page }) => {
  await signIn(page, process.env.BANSHI_SUPERVISOR, process.env.BANSHI_SUPERVISOR_PASSWORD);
  await page.getByRole('button', { name: '重置演示数据' }).click();
  await expect(page.locator('.app-error-summary')).toBeFocused();
  await expect(page.locator('.app-error-summary')).toContainText('请勾选以确认重置');
  await expectAccessible(page);
  await page.getByLabel('我明白所有办件都将被清除').check();
  await page.getByRole('button', { name: '重置演示数据' }).click();
  await expect(page.getByRole('status').filter({ hasText: '演示数据已重置' })).toHaveText('演示数据已重置：共 3000 件。', { timeout: 30_000 });
  await expect(page.locator('.app-table tbody tr').first()).toBeVisible();
  await expectAccessible(page);
});

test('on a phone, a citizen withdraws a request after confirming, and the reason survives a reload', async ({ page, request }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  const receipt = await fileRequest(request);
  await page.goto('/track');
  await page.getByLabel('受理编号').fill(receipt.ticket);
  await page.getByLabel('查询码').fill(receipt.access_code);
  await page.getByRole('button', { name: '查询' }).click();
  await page.getByRole('button', { name: '撤回此申请' }).click();
  await expect(page.getByLabel('撤回原因')).toBeFocused();
  // Changing one's mind closes the form and returns to its button.
  await page.getByRole('button', { name: '不撤回' }).click();
  await expect(page.getByRole('button', { name: '撤回此申请' })).toBeFocused();
  await page.getByRole('button', { name: '撤回此申请' }).click();
  await page.getByRole('button', { name: '确认撤回' }).click();
  await expect(page.locator('.app-error-summary')).toBeFocused();
  await expect(page.locator('.app-error-summary')).toContainText('请填写撤回原因');
  await expectAccessible(page);
  await page.getByLabel('撤回原因').fill('已在网上自行办理');
  await page.reload();
  await expect(page.getByLabel('撤回原因')).toHaveValue('已在网上自行办理');
  await page.getByRole('button', { name: '确认撤回' }).click();
  await expect(page.locator('.app-summary-list').first()).toContainText('已撤回');
  await expect(page.locator('.app-timeline')).toContainText('已在网上自行办理');
  await expect(page.getByRole('button', { name: '撤回此申请' })).toHaveCount(0);
  await expectAccessible(page);
});

test('on a phone, a citizen sends a result back twice to the officer, and the third time it goes to a supervisor', async ({ page, request }) => {
  test.setTimeout(60_000);
  await page.setViewportSize({ width: 375, height: 740 });
  const receipt = await fileRequest(request, { name: '周国华', phone: '13700003333' }, 'tax-payment-certificate');
  const staff = { Authorization: `Bearer ${process.env.BANSHI_STAFF_TOKEN}` };
  const assigned = await request.post(`/api/v1/staff/tickets/${receipt.ticket}/assignment`, { headers: staff, data: { assignee: 'officer.li' } });
  expect(assigned.status()).toBe(200);
  for (const status of ['accepted', 'in_progress', 'completed']) await staffMove(request, receipt.ticket, status, undefined);
  await page.goto('/track');
  await page.getByLabel('受理编号').fill(receipt.ticket);
  await page.getByLabel('查询码').fill(receipt.access_code);
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.locator('.app-summary-list').first()).toContainText('已办结');

  for (const round of [1, 2, 3]) {
    await expect(page.locator('#send-back-hint')).toContainText(`最多还可发回 ${4 - round} 次`);
    await page.getByRole('button', { name: '发回重办' }).click();
    if (round === 1) {
      await page.getByRole('button', { name: '确认发回' }).click();
      await expect(page.locator('.app-error-summary')).toContainText('请填写不满意的原因');
      await expectAccessible(page);
    }
    await page.getByLabel('不满意的原因').fill(`第 ${round} 次：纳税期间不对`);
    await page.getByRole('button', { name: '确认发回' }).click();
    await expect(page.locator('.app-summary-list').first()).toContainText('办理中');
    await expect(page.locator('.app-timeline')).toContainText(`第 ${round} 次：纳税期间不对`);
    const view = await (await request.get(`/api/v1/staff/tickets/${receipt.ticket}`, { headers: staff })).json();
    if (round < 3) {
      expect(view.assignee, `send-back ${round} goes back to the officer`).toBe('officer.li');
    } else {
      expect(view.assignee, 'the third goes to a supervisor').toBeUndefined();
      await expect(page.locator('.app-timeline')).toContainText('督办');
    }
    // The officer finishes it again; the open page follows.
    await staffMove(request, receipt.ticket, 'completed', `第 ${round} 次重办完成`);
    await expect(page.locator('.app-summary-list').first()).toContainText('已办结');
  }
  await expect(page.getByText('该办件已发回 3 次，已达上限')).toBeVisible();
  await expect(page.getByRole('button', { name: '发回重办' })).toHaveCount(0);
  await expectAccessible(page);
});
