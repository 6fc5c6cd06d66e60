// What a citizen files besides a plain request, in Chromium against the real server in demo
// mode, on a phone-sized screen: a 办不成事 report from the footer that a supervisor finds and
// answers (and an officer never sees); a request for help (帮办代办) from a service guide,
// filed by a relative, that a supervisor confirms with a helper the citizen then sees; and a
// proxy filing whose agent the officer sees.
import { test, expect, expectAccessible } from './fixtures.mjs';
import { fileRequest, signIn } from './helpers.mjs';

// Before sign-in the staff session answers 401.
test.use({ expectedConsoleErrors: /status of 401 / });

/** Submits the check-answers page; returns the receipt the confirmation page shows. */
async function submitAndRead(page) {
  await page.getByRole('button', { name: '确认并提交' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('申请已提交');
  return {
    ticket: (await page.locator('.app-panel__ref').textContent()).trim(),
    access_code: (await page.locator('.app-panel__code').textContent()).trim(),
  };
}

async function openTicket(page, receipt) {
  await page.goto('/track');
  await page.getByLabel('受理编号').fill(receipt.ticket);
  await page.getByLabel('查询码').fill(receipt.access_code);
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`办件 ${receipt.ticket}`);
}

test('a 办不成事 report from the footer reaches a supervisor, who answers it; an officer never sees it', async ({ page, browser }) => {
  test.setTimeout(60_000);
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto('/');
  await page.getByRole('link', { name: '办不成事？告诉我们' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('办不成事反映');
  await expect(page).toHaveURL(/\/report$/);
  await page.getByRole('button', { name: '继续' }).click();
  await expect(page.locator('.app-error-summary')).toBeFocused();
  await expect(page.locator('.app-error-summary')).toContainText('在哪里办的');
  await expectAccessible(page);

  await page.locator('#field-applicant_name').fill('钱秀英');
  await page.locator('#field-mobile').fill('13600001234');
  // The service is picked from the catalogue, as a drop-down.
  await page.getByLabel('哪项业务').selectOption({ label: '居民身份证换领、补领' });
  await page.getByLabel('网上或手机上').check();
  await page.getByLabel('来回跑、反复补材料').check();
  await page.locator('#field-description').fill('网上换领身份证三次被退回，每次要求的照片不一样。');
  await page.locator('#field-declaration').check();
  // What was typed survives a reload.
  await page.reload();
  await expect(page.locator('#field-description')).toHaveValue('网上换领身份证三次被退回，每次要求的照片不一样。');
  await expect(page.getByLabel('哪项业务')).toHaveValue('id-card-renewal');
  await page.getByRole('button', { name: '继续' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('请核对您的申请');
  await expect(page.locator('.app-summary-list')).toContainText('居民身份证换领');
  await expectAccessible(page);
  const receipt = await submitAndRead(page);

  // Complaints are the supervisors' work: an officer searching for it finds nothing.
  const officer = await (await browser.newContext()).newPage();
  await signIn(officer, process.env.BANSHI_OFFICER, process.env.BANSHI_OFFICER_PASSWORD);
  const search = officer.getByLabel('受理编号、手机号码或申请人姓名');
  await search.fill(receipt.ticket);
  await search.press('Enter');
  await expect(officer.getByRole('status').filter({ hasText: '暂无办件' })).toBeVisible();
  await officer.context().close();

  const desk = await (await browser.newContext()).newPage();
  await signIn(desk, process.env.BANSHI_SUPERVISOR, process.env.BANSHI_SUPERVISOR_PASSWORD);
  await desk.getByLabel('类型').selectOption({ label: '办不成事反映' });
  await desk.getByRole('button', { name: '筛选' }).click();
  const row = desk.locator('.app-table tbody tr').filter({ hasText: receipt.ticket });
  await expect(row).toContainText('办不成事反映');
  await row.getByRole('link', { name: receipt.ticket }).click();
  await expect(desk.getByRole('heading', { level: 1 })).toHaveText(`办件 ${receipt.ticket}`);
  await expect(desk.locator('.app-summary-list').nth(1)).toContainText('居民身份证换领');
  await expectAccessible(desk);
  await desk.getByRole('radio', { name: '已受理', exact: true }).check();
  await desk.getByLabel('给申请人的说明').fill('已协调户籍窗口，明天上午请到 B 区 3 号窗口当场办理。');
  await desk.getByRole('button', { name: '保存状态' }).click();
  await expect(desk.getByRole('status').filter({ hasText: '状态已保存' })).toBeVisible();

  await openTicket(page, receipt);
  await expect(page.locator('.app-timeline')).toContainText('已协调户籍窗口');
});

test('a relative asks for help from a service guide; a supervisor confirms a helper the citizen then sees', async ({ page, browser }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto('/s/id-card-renewal');
  await page.getByRole('link', { name: '需要有人帮您办？申请帮办代办' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('帮办代办服务');
  await expect(page.getByLabel('想办哪项业务')).toHaveValue('id-card-renewal');

  await page.getByLabel('我是替别人办理（代办）').check();
  await expect(page.getByLabel('代办人姓名')).toBeVisible();
  await page.getByLabel('代办人姓名').fill('孙丽');
  await page.getByLabel('代办人电话').fill('139 0000 7777');
  await page.getByRole('button', { name: '继续' }).click();
  await expect(page.locator('.app-error-summary')).toBeFocused();
  await expect(page.locator('.app-error-summary')).toContainText('您与申请人的关系');
  await expectAccessible(page);
  await page.getByLabel('家人或亲属').check();
  await page.getByLabel('我已取得申请人签字的授权委托书，办理时会出示').check();
  await page.locator('#field-applicant_name').fill('孙桂兰');
  await page.locator('#field-mobile').fill('13600005678');
  await page.getByLabel('70 周岁以上老年人').check();
  await page.getByLabel('全程陪同办理').check();
  await page.getByLabel('工作日上午').check();
  await page.reload();
  await expect(page.getByLabel('代办人姓名')).toHaveValue('孙丽');
  await page.getByRole('button', { name: '继续' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('请核对您的申请');
  await expect(page.getByRole('heading', { name: '代办人' })).toBeVisible();
  await expect(page.locator('.app-summary-list').nth(1)).toContainText('孙丽');
  await expect(page.locator('.app-summary-list').nth(1)).toContainText('家人或亲属');
  await expectAccessible(page);
  const receipt = await submitAndRead(page);

  const desk = await (await browser.newContext()).newPage();
  await signIn(desk, process.env.BANSHI_SUPERVISOR, process.env.BANSHI_SUPERVISOR_PASSWORD);
  // A new helper joins the list.
  await desk.getByRole('link', { name: '帮办人员' }).first().click();
  await expect(desk.getByRole('heading', { level: 1 })).toHaveText('帮办人员');
  await desk.getByRole('button', { name: '添加' }).click();
  await expect(desk.locator('.app-error-summary')).toContainText('请填写“姓名”');
  await desk.getByLabel('姓名').fill('周志愿');
  await desk.getByLabel('电话').fill('13900008888');
  await desk.getByLabel('说明（选填）').fill('会讲方言，周一到周五');
  await desk.getByRole('button', { name: '添加' }).click();
  await expect(desk.getByRole('status')).toHaveText('已添加 周志愿。');
  await expect(desk.locator('#helpers')).toContainText('周志愿');
  await expectAccessible(desk);

  await desk.goto(`/staff/tickets/${receipt.ticket}`);
  await expect(desk.getByRole('heading', { level: 1 })).toHaveText(`办件 ${receipt.ticket}`);
  await expect(desk.locator('#case-agent')).toContainText('孙丽');
  await expect(desk.locator('#case-agent')).toContainText('家人或亲属');
  await desk.getByRole('button', { name: '确认帮办' }).click();
  await expect(desk.locator('.app-error-summary')).toContainText('帮办人员');
  await desk.getByLabel('帮办人员', { exact: true }).selectOption({ label: '周志愿（会讲方言，周一到周五）' });
  await desk.getByLabel('时间', { exact: true }).fill('2099-12-08T10:00');
  await desk.getByLabel('给申请人的说明（选填）').fill('请到一楼服务台找周志愿。');
  await desk.getByRole('button', { name: '确认帮办' }).click();
  await expect(desk.getByRole('status').filter({ hasText: '已确认帮办人员和时间' })).toBeVisible();
  await expect(desk.locator('.app-timeline')).toContainText('确认帮办：周志愿，2099-12-08 10:00');
  await expectAccessible(desk);

  await openTicket(page, receipt);
  await expect(page.locator('#help-text')).toHaveText('周志愿 将在 2099-12-08 10:00 为您提供帮助。');
  await expect(page.locator('.app-timeline')).toContainText('请到一楼服务台找周志愿。');
  await expectAccessible(page);
});

test('a request filed on someone else\'s behalf shows its agent to the officer', async ({ page, request }) => {
  const agent = { name: '吴小红', phone: '13700008888', relationship: 'family', authorisation: true };
  const receipt = await fileRequest(request, { name: '吴海', phone: '13700009999' }, 'tax-payment-certificate', { agent });

  await signIn(page, process.env.BANSHI_OFFICER, process.env.BANSHI_OFFICER_PASSWORD);
  const search = page.getByLabel('受理编号、手机号码或申请人姓名');
  await search.fill(receipt.ticket);
  await search.press('Enter');
  const row = page.locator('.app-table tbody tr').filter({ hasText: receipt.ticket });
  await expect(row).toContainText('代办');
  await row.getByRole('link', { name: receipt.ticket }).click();
  await expect(page.getByRole('heading', { name: '代办人' })).toBeVisible();
  await expect(page.locator('#case-agent')).toContainText('吴小红');
  await expect(page.locator('#case-agent')).toContainText('13700008888');
  await expect(page.locator('#case-agent')).toContainText('代办人声明已有申请人签字的委托书');
  await expectAccessible(page);
});
