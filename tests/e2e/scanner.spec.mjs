// The scanner with a camera (issue 4): Chromium's fake camera plays a video of a poster's QR
// code, made by `cargo xtask e2e` for a tutorial of the server under test. Chromium on Linux
// has no BarcodeDetector, so this exercises the WebAssembly decoder (rqrr).
import { test, expect } from './fixtures.mjs';
import { chromiumArgs, executablePath, fakeCameraArgs } from './chromium.mjs';

test.use({
  launchOptions: { executablePath, args: [...chromiumArgs, ...fakeCameraArgs(process.env.BANSHI_FAKE_CAMERA)] },
  permissions: ['camera'],
});

/** The tutorial whose poster code the fake camera shows. */
async function cameraTutorial(request) {
  const id = process.env.BANSHI_FAKE_CAMERA_URL.split('/T/')[1];
  return { id, tutorial: await (await request.get(`/api/v1/tutorials/${id}`)).json() };
}

test('the scanner reads the code and opens its tutorial in the app', async ({ page, request }) => {
  const { id, tutorial } = await cameraTutorial(request);
  await page.goto('/');
  expect(await page.evaluate(() => 'BarcodeDetector' in window), 'the WebAssembly decoder is the one tested').toBe(false);
  await page.getByRole('link', { name: '扫描二维码' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(tutorial.title, { timeout: 15_000 });
  await expect(page).toHaveURL(new RegExp(`/t/${id}$`));
  // Opened in-app, not by a reload: focus moves to the new heading.
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
});

// Chromium on Linux has no BarcodeDetector; Android's Chrome has one. The stand-ins below
// have its shape, to check that the page uses one that reads QR codes and skips one that
// does not.
test('a browser detector that reads QR codes is used instead of the WebAssembly decoder', async ({ page, request }) => {
  const { tutorial } = await cameraTutorial(request);
  await page.addInitScript(([formats, rawValue]) => {
    window.BarcodeDetector = class {
      static async getSupportedFormats() { return formats; }
      async detect(video) {
        window.detectCalls = (window.detectCalls ?? 0) + 1;
        return video.videoWidth > 0 ? [{ rawValue }] : [];
      }
    };
  }, [['qr_code'], process.env.BANSHI_FAKE_CAMERA_URL]);
  const decoderFetched = [];
  page.on('request', (r) => { if (r.url().includes('split_qr_decoder')) decoderFetched.push(r.url()); });
  await page.goto('/scan');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(tutorial.title, { timeout: 15_000 });
  expect(decoderFetched, 'the WebAssembly decoder is not downloaded').toEqual([]);
});

test('a browser detector that cannot read QR codes is skipped for the WebAssembly decoder', async ({ page, request }) => {
  const { tutorial } = await cameraTutorial(request);
  await page.addInitScript(() => {
    window.BarcodeDetector = class {
      static async getSupportedFormats() { return ['ean_13']; }
      async detect() { window.detectCalls = (window.detectCalls ?? 0) + 1; return []; }
    };
  });
  await page.goto('/scan');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(tutorial.title, { timeout: 15_000 });
  expect(await page.evaluate(() => window.detectCalls ?? 0)).toBe(0);
});
