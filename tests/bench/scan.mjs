// Benchmark, not a test: how long the scanner's WebAssembly decoder (rqrr) takes per 640×480
// camera frame in Chromium. `cargo xtask bench-scan` starts the server and a fake camera
// showing a QR code that is not a portal address, so the scanner keeps decoding; this reads
// the User Timing measures the scan page records and prints them.
import { chromium } from '@playwright/test';
import { chromiumArgs, executablePath, fakeCameraArgs } from '../e2e/chromium.mjs';

const seconds = Number(process.env.BANSHI_BENCH_SECONDS ?? 10);
const browser = await chromium.launch({
  executablePath,
  args: [...chromiumArgs, ...fakeCameraArgs(process.env.BANSHI_FAKE_CAMERA)],
});
const context = await browser.newContext({ permissions: ['camera'] });
const page = await context.newPage();
await page.goto(`${process.env.BANSHI_URL}/scan`);
await page.getByRole('alert').waitFor({ timeout: 15_000 });
await page.waitForTimeout(seconds * 1000);
const durations = await page.evaluate(() =>
  performance.getEntriesByName('qr-decode').map((entry) => entry.duration));
const decoded = await page.getByRole('alert').innerText();
await browser.close();

durations.sort((a, b) => a - b);
const pick = (q) => durations[Math.max(0, Math.ceil(durations.length * q) - 1)] ?? NaN;
const mean = durations.reduce((sum, d) => sum + d, 0) / durations.length;
console.log(`scanner decode, rqrr in Chromium, 640x480 frames: ${durations.length} frames in ${seconds} s`);
console.log(`  mean ${mean.toFixed(1)} ms  p50 ${pick(0.5).toFixed(1)} ms  p95 ${pick(0.95).toFixed(1)} ms  max ${pick(1).toFixed(1)} ms`);
console.log(`  decoded text: ${JSON.stringify(decoded.split('\n').pop())}`);
