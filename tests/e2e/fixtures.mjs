// Shared test fixture: every page error or console error fails the test, and helpers reach
// the staff API of the server under test.
import { test as base, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export const test = base.extend({
  // A pattern for console errors a test provokes on purpose, such as a failed fetch offline.
  expectedConsoleErrors: [null, { option: true }],
  page: async ({ page, expectedConsoleErrors }, use) => {
    const problems = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      const text = message.text();
      if (message.type() === 'error' && !expectedConsoleErrors?.test(text)) {
        problems.push(`console: ${text}`);
      }
    });
    await use(page);
    expect(problems, 'the page logged errors').toEqual([]);
  },
});

export { expect };

/** Runs axe with the WCAG 2.x A and AA rules and expects no violations. */
export async function expectAccessible(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, 'axe violations').toEqual([]);
}

/** Moves a ticket through the staff API of the server under test. */
export async function staffMove(request, ticket, status, note) {
  const response = await request.post(`/api/v1/staff/tickets/${ticket}/status`, {
    headers: { Authorization: `Bearer ${process.env.BANSHI_STAFF_TOKEN}` },
    data: { status, note },
  });
  expect(response.status()).toBe(200);
}
