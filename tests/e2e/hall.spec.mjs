// The live hall, in Chromium against the real server: the status page shows each line's
// queue and updates from the hall's event stream, without a reload, as numbers are taken
// and called.
import { test, expect, expectAccessible } from './fixtures.mjs';

test('the hall page follows numbers taken and called, live', async ({ page, request }) => {
  await page.goto('/');
  await page.getByRole('link', { name: '大厅实况' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('海川市民服务中心');
  const lineA = page.locator('#hall-lines tbody tr').filter({ hasText: '税务与社保' });
  await expect(lineA).toContainText('1号窗口、2号窗口、3号窗口');
  await expect(page.locator('#hall-open')).toContainText('本页实时更新');
  const before = Number(await lineA.locator('td').first().textContent());
  await expectAccessible(page);

  const taken = await request.post('/api/v1/halls/main/lines/A/numbers', { data: { phone: '13512340000' } });
  expect(taken.status()).toBe(201);
  const number = (await taken.json()).number;
  await expect(lineA.locator('td').first()).toHaveText(String(before + 1));

  const called = await request.post('/api/v1/staff/halls/main/windows/2/call', {
    headers: { Authorization: `Bearer ${process.env.BANSHI_STAFF_TOKEN}` },
    data: {},
  });
  expect(called.status()).toBe(200);
  const first = (await called.json()).number;
  await expect(page.locator('#hall-calls li').first()).toContainText(`${first} 请到 2号窗口`);
  await expect(lineA.locator('td').nth(1)).toHaveText(first);
  expect(number).toMatch(/^A\d{3}$/);
  await expectAccessible(page);
});
