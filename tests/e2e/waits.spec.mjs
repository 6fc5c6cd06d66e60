// Honest waits against the real server and its demo history: the hall page gives each
// line's wait as a range and a number's page gives its own, both saying when they were
// true; the busy-hours chart draws the hall's own past numbers with the same figures in a
// table, and names the quietest hour left today where the server says there is one.
import { test, expect, expectAccessible } from './fixtures.mjs';

/** Takes a number of `line` through the API, as another citizen's phone would. */
async function take(request, line, phone) {
  const taken = await request.post(`/api/v1/halls/main/lines/${line}/numbers`, { data: { phone } });
  expect(taken.status(), await taken.text()).toBe(201);
  return taken.json();
}

test('waits are ranges with their time, and the busy hours are drawn from the hall\'s past', async ({ page, request }) => {
  // Line D (综合受理) with three more people in it.
  for (const phone of ['13600000001', '13600000002', '13600000003']) await take(request, 'D', phone);
  const mine = await take(request, 'D', '13600000004');
  expect(mine.wait.low_minutes).toBeLessThan(mine.wait.high_minutes);
  expect(mine.estimated_wait_minutes).toBeGreaterThanOrEqual(mine.wait.low_minutes);
  expect(mine.estimated_wait_minutes).toBeLessThanOrEqual(mine.wait.high_minutes);

  await page.goto('/hall');
  const row = page.locator('#hall-lines tbody tr').filter({ hasText: '综合受理' });
  const hall = await (await request.get('/api/v1/halls/main')).json();
  const line = hall.lines.find((l) => l.code === 'D');
  await expect(row.locator('td').last()).toHaveText(`约 ${line.wait.low_minutes}–${line.wait.high_minutes} 分钟`);
  await expect(page.locator('#hall-open')).toContainText(/更新于 [\d-]+ \d{2}:\d{2}/);

  // The busy hours: one bar per opening hour, the same hours in the table, today first.
  const busy = await (await request.get('/api/v1/halls/main/busy-hours')).json();
  const first = busy.days.find((d) => d.weekday === busy.today) ?? busy.days[0];
  const chart = page.locator('#busy-chart');
  await expect(chart.locator('rect.app-chart__bar')).toHaveCount(first.hours.length);
  const rows = page.locator('#busy-data tbody tr');
  await expect(rows).toHaveCount(first.hours.length);
  const busiest = first.hours.reduce((a, b) => (b.numbers > a.numbers ? b : a));
  expect(busiest.numbers, 'the demo history has numbers').toBeGreaterThan(0);
  await expect(rows.filter({ hasText: `${busiest.hour}:00–${busiest.hour + 1}:00` }).locator('td')).toHaveText(String(busiest.numbers));
  if (busy.quietest_today === undefined) {
    await expect(page.locator('#busy-quietest')).toHaveCount(0);
  } else {
    const hour = busy.quietest_today;
    await expect(page.locator('#busy-quietest')).toHaveText(`今天接下来最空闲的时段：${hour}:00–${hour + 1}:00`);
  }
  await expect(page.getByRole('img', { name: /各时段平均取号人数$/ })).toBeVisible();
  await expectAccessible(page);

  // Another weekday: Saturday's shorter hours.
  const saturday = busy.days.find((d) => d.weekday === 6);
  await page.getByLabel('选择星期').selectOption('6');
  await expect(page.locator('#busy-chart-title')).toHaveText('周六各时段平均取号人数');
  await expect(rows).toHaveCount(saturday.hours.length);
  await expect(chart.locator('rect.app-chart__bar')).toHaveCount(saturday.hours.length);
  await expectAccessible(page);

  // The number's own page: its range, and when it was true.
  await page.goto(`/q/${mine.number}?hall=main#token=${mine.token}`);
  const now = await (await request.get(`/api/v1/halls/main/numbers/${mine.number}`, { headers: { 'X-Queue-Token': mine.token } })).json();
  await expect(page.locator('#queue-state')).toHaveText(
    `前面还有 ${now.ahead} 人，约等 ${now.wait.low_minutes}–${now.wait.high_minutes} 分钟`,
  );
  await expect(page.locator('#queue-number')).toContainText(/更新于 [\d-]+ \d{2}:\d{2}/);
  await expectAccessible(page);
});

test('the statistics page publishes each line\'s waits, no-shows and the estimate\'s error', async ({ page, request }) => {
  const stats = await (await request.get('/api/v1/stats')).json();
  const hall = stats.halls.find((h) => h.hall === 'main');
  const line = hall.lines.find((l) => l.code === 'A').figures;
  expect(line.called, 'the demo history called numbers').toBeGreaterThan(0);
  await page.goto('/stats');
  await expect(page.getByRole('heading', { name: '大厅排队' })).toBeVisible();
  const table = page.getByRole('table', { name: '海川市民服务中心：各业务队列' });
  const row = table.locator('tbody tr').filter({ hasText: 'A 税务与社保' });
  const cells = row.locator('td');
  await expect(cells.nth(0)).toHaveText(String(line.taken));
  await expect(cells.nth(1)).toHaveText(`${line.average_wait_minutes} 分钟`);
  await expect(cells.nth(2)).toHaveText(`${line.p90_wait_minutes} 分钟`);
  await expect(table.locator('tbody tr').last().locator('th')).toHaveText('全部');
  await expectAccessible(page);
  // The page's code took over the server's markup: the language switch re-renders it.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('table', { name: /: by line$/ })).toBeVisible();
});
