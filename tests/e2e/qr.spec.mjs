// QR codes end to end (issue 4): every printed poster decodes to its exact URL with zbar, an
// independent decoder; a carried ticket opens on a second device; a typed code stands in for
// a camera. The camera itself is in scanner.spec.mjs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, expectAccessible } from './fixtures.mjs';
import { fileRequest } from './helpers.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'banshi-qr-'));

/** The text zbarimg reads from a screenshot of `locator`. */
async function zbar(locator, name) {
  const file = join(scratch, `${name}.png`);
  await locator.locator('svg').waitFor(); // The encoder may still be on its way.
  writeFileSync(file, await locator.screenshot());
  // stderr is captured, not shown: zbarimg complains there that it has no D-Bus.
  return execFileSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', file],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

const origin = () => process.env.BANSHI_URL.replace(/\/$/, '');

test('every tutorial poster decodes to its own short uppercase URL', async ({ page, request }) => {
  const categories = await (await request.get('/api/v1/categories')).json();
  await page.goto('/posters');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('办事指南二维码海报');
  await expectAccessible(page);
  let checked = 0;
  for (const category of categories) {
    const tutorials = await (await request.get(`/api/v1/tutorials?category=${category.code}`)).json();
    await page.goto(`/posters/${category.code}`);
    const posters = page.locator('.app-poster');
    await expect(posters).toHaveCount(tutorials.length);
    for (const [i, tutorial] of tutorials.entries()) {
      const poster = posters.nth(i);
      await expect(poster.getByRole('heading')).toHaveText(tutorial.title);
      const url = `${origin().toUpperCase()}/T/${tutorial.id}`;
      await expect(poster.getByRole('img')).toHaveAccessibleName(new RegExp(tutorial.title));
      expect(await zbar(poster.locator('.app-qr'), tutorial.id)).toBe(url);
      await expect(poster.getByRole('link', { name: '单独打印一张大海报' })).toHaveAttribute('href', `/t/${tutorial.id}/poster`);
      checked += 1;
    }
  }
  expect(checked).toBeGreaterThanOrEqual(40);
  await expectAccessible(page);

  // Printed, the sheet holds four posters per A4 page and nothing of the page around them.
  const last = categories[categories.length - 1];
  const count = (await (await request.get(`/api/v1/tutorials?category=${last.code}`)).json()).length;
  const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
  expect(pdf.match(/\/Type\s*\/Page[^s]/g)).toHaveLength(Math.ceil(count / 4));
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.app-header')).toBeHidden();
  await expect(page.getByRole('button', { name: '打印' })).toBeHidden();
  await expect(page.locator('.app-poster').first()).toBeVisible();
  await page.emulateMedia({ media: 'screen' });

  // A single poster, and the uppercase URL it carries, open the tutorial.
  const first = (await (await request.get('/api/v1/tutorials')).json())[0];
  await page.goto(`/t/${first.id}/poster`);
  const code = await zbar(page.locator('.app-qr'), `${first.id}-large`);
  await expectAccessible(page);
  await page.goto(code);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(first.title);
});

test('a ticket carried by QR code opens, and is remembered, on a fresh device', async ({ page, request, browser }) => {
  const receipt = await fileRequest(request);
  await page.goto('/track');
  await page.getByLabel('受理编号').fill(receipt.ticket);
  await page.getByLabel('查询码').fill(receipt.access_code);
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`办件 ${receipt.ticket}`);
  const carry = page.getByRole('img', { name: '在另一部手机上打开这份申请的二维码' });
  const url = await zbar(carry, receipt.ticket);
  expect(url).toBe(`${origin().toUpperCase()}/TRACK/${receipt.ticket}#code=${receipt.access_code}`);
  await expectAccessible(page);

  const phone = await browser.newContext({ locale: 'zh-CN' });
  const other = await phone.newPage();
  await other.goto(url);
  await expect(other.getByRole('heading', { level: 1 })).toHaveText(`办件 ${receipt.ticket}`);
  await expect(other.locator('.app-summary-list')).toContainText('已收到');
  expect(new URL(other.url()).hash, 'the access code leaves the address bar').toBe('');
  await other.goto('/');
  await expect(other.getByRole('link', { name: receipt.ticket })).toBeVisible();
  // An ordinary in-page anchor is not mistaken for an access code.
  await other.goto(`/track/${receipt.ticket}#main`);
  await expect(other.locator('.app-summary-list')).toContainText('已收到');
  await phone.close();
});

test('a typed code opens its tutorial when the camera is not allowed', async ({ page, request }) => {
  const first = (await (await request.get('/api/v1/tutorials')).json())[0];
  await page.goto('/scan');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('扫描二维码');
  // Headless Chromium without a fake camera has none; a browser that refuses says so instead.
  await expect(page.getByRole('status').filter({ hasText: /没有找到相机|没有相机使用权限/ })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: '打开' }).click();
  await expect(page.locator('#scan-code-error')).toContainText('请输入指南编号或申请编号');
  await expect(page.getByLabel('指南编号或申请编号')).toHaveAttribute('aria-invalid', 'true');
  // What is printed under a poster's code works as typed, in any case.
  await page.getByLabel('指南编号或申请编号').fill(`hall.example/t/${first.id.toLowerCase()}`);
  await page.getByRole('button', { name: '打开' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(first.title);
});
