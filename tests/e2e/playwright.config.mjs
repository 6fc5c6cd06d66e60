// Playwright runs the portal in Debian's Chromium against the real reference server, which
// `cargo xtask e2e` starts on a fresh SQLite file and passes in as BANSHI_URL.
import { defineConfig } from '@playwright/test';
import { chromiumArgs, executablePath } from './chromium.mjs';

export default defineConfig({
  testDir: '.',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: process.env.BANSHI_URL,
    locale: 'zh-CN',
    launchOptions: { executablePath, args: chromiumArgs },
  },
});
