// Why: alerts end to end in Chromium against the Binance stand-in: a rule created in the panel fires on
// replayed data, reaches the user (toast, badge, system notification), is logged once per bar even with a
// second tab open, and survives a reload together with its log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { openBrowser, type BrowserSession } from './support/browser';
import { LivePage } from './support/appPage';
import { marketParams, startMarket } from './support/replay';
import type { ReplayServer } from '../replay-server/index';

const RULE = 'z crosses 0.5';

interface LogRow {
  ruleId: string;
  ruleName: string;
  barTime: number;
}

class AlertsPage extends LivePage {
  get panel(): Locator {
    return this.page.getByRole('region', { name: 'Alerts' });
  }

  rule(name: string): Locator {
    return this.panel.getByRole('list', { name: 'Alert rules' }).getByRole('listitem', { name });
  }

  get badge(): Locator {
    return this.panel.getByRole('button', { name: /new alerts/ });
  }

  async badgeCount(): Promise<number> {
    return (await this.badge.count()) === 0 ? 0 : Number(await this.badge.textContent());
  }

  /** The stored log, through the same worker API the panel uses. */
  async log(): Promise<LogRow[]> {
    return this.page.evaluate(async () => {
      type Api = { alertLog(q: { limit: number }): Promise<LogRow[]> };
      const handle = (window as unknown as { pairsLab: { storage: Api } }).pairsLab;
      return handle.storage.alertLog({ limit: 10_000 });
    });
  }

  async notifications(): Promise<string[]> {
    return this.page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      return (await registration.getNotifications()).map((n) => `${n.title} | ${n.body}`);
    });
  }
}

async function setDisabled(page: AlertsPage, disabled: boolean): Promise<void> {
  await page
    .rule(RULE)
    .getByRole('button', { name: disabled ? 'Disable' : 'Enable' })
    .click();
  await page
    .rule(RULE)
    .getByRole('button', { name: disabled ? 'Enable' : 'Disable' })
    .waitFor();
}

function expectOncePerBar(log: LogRow[]): void {
  const times = log.filter((e) => e.ruleName === RULE).map((e) => e.barTime);
  expect(new Set(times).size).toBe(times.length);
}

describe('alerts in Chromium', () => {
  let session: BrowserSession;
  let market: ReplayServer;
  let app: AlertsPage;

  beforeAll(async () => {
    market = await startMarket({ speed: 300 });
    session = await openBrowser();
    await session.context.grantPermissions(['notifications']);
    // counts permission prompts: the app may ask only when the user presses the button
    await session.context.addInitScript(() => {
      const ask = Notification.requestPermission.bind(Notification);
      Object.assign(window, { __permissionRequests: 0 });
      Notification.requestPermission = (...args: Parameters<typeof Notification.requestPermission>) => {
        (window as unknown as { __permissionRequests: number }).__permissionRequests++;
        return ask(...args);
      };
    });
    app = new AlertsPage(await session.newPage());
    await app.open(session.appUrl, marketParams(market));
    await app.waitForBars('BTCUSDT', 3);
  });
  afterAll(async () => {
    await session.close();
    await market.close();
  });

  it('creates a z-score rule from the panel; it fires, shows a toast and logs each bar once', async () => {
    const permissionRequests = () =>
      app.page.evaluate(() => (window as unknown as { __permissionRequests: number }).__permissionRequests);
    expect(await permissionRequests()).toBe(0); // the app is up with live bars and has not asked
    await app.panel.getByRole('button', { name: 'Enable notifications' }).click();
    await app.panel.getByText('Notifications on').waitFor();
    expect(await permissionRequests()).toBe(1);

    await app.panel.getByRole('button', { name: 'New rule' }).click();
    const form = app.panel.getByRole('form', { name: 'New alert rule' });
    await form.getByLabel('Rule name', { exact: true }).fill(RULE);
    await expect.poll(() => form.getByLabel('Pair Y', { exact: true }).inputValue()).toBe('BTCUSDT');
    await expect.poll(() => form.getByLabel('Pair X', { exact: true }).inputValue()).toBe('ETHUSDT');
    await form.getByLabel('Metric', { exact: true }).selectOption('zscore');
    await form.getByLabel('Rule timeframe', { exact: true }).selectOption('1s');
    await form.getByLabel('Rule window (bars)', { exact: true }).fill('3');
    await form.getByLabel('Condition', { exact: true }).selectOption('crossesAbove');
    await form.getByLabel('Threshold', { exact: true }).fill('0.5');
    await form.getByLabel('Cooldown (s)', { exact: true }).fill('1');
    await form.getByRole('button', { name: 'Save rule' }).click();
    await app.rule(RULE).waitFor();

    const toast = app.page
      .getByRole('status')
      .filter({ hasText: `Alert: ${RULE}` })
      .first();
    await toast.waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await app.log()).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    await expect.poll(() => app.badgeCount(), { timeout: 30_000 }).toBeGreaterThanOrEqual(3);

    await setDisabled(app, true);
    // every firing is one event and one log row: once the rule is off, the badge and the log agree
    await expect
      .poll(async () => (await app.log()).length === (await app.badgeCount()), { timeout: 10_000 })
      .toBe(true);
    const log = await app.log();
    expectOncePerBar(log);
    await expect
      .poll(() => app.panel.getByRole('table', { name: 'Alert log' }).getByRole('row').count())
      .toBe(log.length + 1);
  });

  it('shows a system notification through the service worker once notifications are enabled', async () => {
    await expect
      .poll(() => app.notifications(), { timeout: 15_000 })
      .toEqual(expect.arrayContaining([expect.stringContaining(`Alert: ${RULE}`)]));
  });

  it('with a second tab open, only the live tab evaluates: one log entry per bar', async () => {
    const second = new AlertsPage(await session.newPage());
    await second.open(session.appUrl, marketParams(market));
    await second.page
      .getByRole('alert')
      .filter({ hasText: 'The live session runs in another tab' })
      .waitFor();
    const before = (await app.log()).length;
    // a background tab gets no frames in headless Chromium, so input to it would wait forever
    await app.page.bringToFront();
    await setDisabled(app, false);
    await expect.poll(async () => (await app.log()).length, { timeout: 30_000 }).toBeGreaterThan(before + 2);
    await setDisabled(app, true);
    expectOncePerBar(await app.log());
    // the follower's worker never evaluated: no event reached its page, nothing was added to its copy
    expect(await second.badgeCount()).toBe(0);
    expect(await second.page.getByRole('status').filter({ hasText: 'Alert:' }).count()).toBe(0);
    expect((await second.log()).length).toBeLessThanOrEqual(before);
    await second.page.close();
  });

  it('keeps the rule and the log after a reload', async () => {
    const log = await app.log();
    expect(log.length).toBeGreaterThan(0);
    await app.flush();
    await app.page.reload();
    await app.rule(RULE).waitFor();
    await expect.poll(async () => (await app.log()).length).toBe(log.length);
    expect(await app.rule(RULE).getByRole('button', { name: 'Enable' }).count()).toBe(1);
    expect(session.errors.filter((e) => !e.includes('favicon'))).toEqual([]);
  });

  it('answers "test now" and "backtest", and shows validation errors of the form and of a rules file', async () => {
    const rule = app.rule(RULE);
    await rule.getByRole('button', { name: 'Test now' }).click();
    await rule
      .getByRole('status')
      .filter({ hasText: /^Now \(live\): z-score = / })
      .waitFor();
    await rule.getByRole('button', { name: 'Backtest' }).click();
    await rule
      .getByRole('status')
      .filter({ hasText: /would have fired \d+ times/ })
      .waitFor({ timeout: 30_000 });
    expect(
      await rule
        .getByRole('list', { name: `Backtest firings of ${RULE}` })
        .getByRole('listitem')
        .count(),
    ).toBeGreaterThan(0);

    await app.panel.getByRole('button', { name: 'New rule' }).click();
    const form = app.panel.getByRole('form', { name: 'New alert rule' });
    await form.getByLabel('Rule name', { exact: true }).fill('broken');
    await form.getByLabel('Pair X', { exact: true }).fill('BTCUSDT');
    await form.getByLabel('Rule window (bars)', { exact: true }).fill('1');
    await form.getByRole('button', { name: 'Save rule' }).click();
    const errors = form.getByRole('alert');
    await errors.getByText('rule: pair must have two different symbols').waitFor();
    await errors.getByText(/rule: window must be an integer from 2/).waitFor();
    await form.getByRole('button', { name: 'Cancel' }).click();

    const file = JSON.stringify({
      format: 'pairs-lab-alert-rules',
      version: 1,
      rules: [{ id: 'x', treshold: 1 }],
    });
    await app.panel
      .getByLabel('Import rules (JSON)', { exact: true })
      .setInputFiles({ name: 'rules.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    await app.panel
      .getByRole('alert', { name: 'Import errors' })
      .getByText('rule 1: unknown field "treshold"')
      .waitFor();
    // nothing was written: still the one rule
    const ids = await app.page.evaluate(async () => {
      type Api = { listAlertRules(): Promise<{ rule: { name: string } }[]> };
      const handle = (window as unknown as { pairsLab: { storage: Api } }).pairsLab;
      return (await handle.storage.listAlertRules()).map((r) => r.rule.name);
    });
    expect(ids).toEqual([RULE]);
  });
});
