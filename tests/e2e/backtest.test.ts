// Why: the Backtest panel in a real browser fed by the Binance stand-in: a run shows its equity curve (in the
// dashboard's chart group), trade markers on the z-score chart, the summary and a sortable trade list; both
// CSV downloads hold exactly what the page shows; runs are stored and can be re-run; a sweep shows progress
// and a heat map whose cells set the thresholds; the whole-window hedge is flagged as look-ahead.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { openBrowser, type BrowserSession } from './support/browser';
import { DashboardPage } from './support/appPage';
import { marketParams, startMarket } from './support/replay';
import type { ReplayServer } from '../replay-server/index';

const MINUS = '\u2212';
const num = (text: string | null): number => Number((text ?? '').trim().replace(MINUS, '-'));

/** Splits a CSV without quoted fields (ours: numbers, ISO times, true/false). */
function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const lines = text.trimEnd().split('\r\n');
  return { header: lines[0].split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

/** The time each named chart's legend shows (its cursor's bar), all read in one turn of the page's event loop. */
function legendTimes(app: DashboardPage, names: readonly string[]): Promise<string[]> {
  return app.page.evaluate(
    (chartNames) =>
      chartNames.map((name) => {
        const chart = document.querySelector(`[role="img"][aria-label="${name}"]`)?.parentElement;
        return chart?.querySelector('.u-legend .u-series .u-value')?.textContent ?? '';
      }),
    names,
  );
}

let dayAnchor: number | null = null;
/**
 * "14:02:07" (or a longer legend time ending in it) → seconds since midnight, unwrapped around the first time
 * read, so times on both sides of midnight UTC (the replay runs at the current time) still compare in order.
 */
function secondsOfDay(text: string): number {
  const m = /(\d\d):(\d\d):(\d\d)/.exec(text);
  if (!m) throw new Error(`no time in legend text "${text}"`);
  const s = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  dayAnchor ??= s;
  return s + 86_400 * Math.round((dayAnchor - s) / 86_400);
}

class BacktestPanel {
  constructor(readonly app: DashboardPage) {}
  get region(): Locator {
    return this.app.page.getByRole('region', { name: 'Backtest' });
  }
  button(name: string): Locator {
    return this.region.getByRole('button', { name, exact: true });
  }
  field(label: string): Locator {
    return this.region.getByLabel(label, { exact: true });
  }
  /** The value next to a summary term (the <dd> after the <dt>); the term's label is matched exactly, apart
   * from the info tip button that follows it in the same <dt>. */
  summary(term: string): Locator {
    return this.region
      .getByRole('term')
      .filter({ has: this.app.page.getByText(term, { exact: true }) })
      .locator('xpath=following-sibling::dd[1]');
  }
  get trades(): Locator {
    return this.region.getByRole('table', { name: 'Trades' });
  }
  get runs(): Locator {
    return this.region.getByRole('table', { name: 'Stored runs' });
  }
  get heatMap(): Locator {
    return this.region.getByRole('table', { name: 'Sweep heat map' });
  }
  async run(): Promise<void> {
    const status = this.region.getByRole('status', { name: 'Backtest status' });
    await this.button('Run backtest').click();
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toMatch(/Backtest done/);
  }
  async download(name: string): Promise<{ fileName: string; text: string }> {
    const [download] = await Promise.all([this.app.page.waitForEvent('download'), this.button(name).click()]);
    const path = await download.path();
    return { fileName: download.suggestedFilename(), text: await readFile(path, 'utf8') };
  }
}

describe('the Backtest panel in Chromium', () => {
  let session: BrowserSession;
  let market: ReplayServer;
  let app: DashboardPage;
  let panel: BacktestPanel;

  beforeAll(async () => {
    market = await startMarket({ speed: 300 });
    session = await openBrowser();
    app = new DashboardPage(await session.newPage());
    await app.open(session.appUrl, marketParams(market, { window: '20', range: 'all' }));
    panel = new BacktestPanel(app);
    await app.waitForAllCharts(['Z-score']);
    await app.waitForBars('BTCUSDT', 300);
    // hold the market so the page's numbers cannot move while a test compares them
    market.setPaused(true);
  });
  afterAll(async () => {
    await session.close();
    await market.close();
  });

  it('runs a backtest: equity curve, markers on the z-score chart, summary and trades', async () => {
    await panel.field('Backtest entry |z|').fill('1.5');
    await panel.field('Backtest entry |z|').press('Enter');
    await panel.field('Backtest exit |z|').fill('0.25');
    await panel.field('Backtest exit |z|').press('Enter');
    // the thresholds are the view's: the Analysis controls and the URL follow
    await expect.poll(() => app.select('Entry |z|').inputValue()).toBe('1.5');
    expect(await panel.field('Fee (bps per leg)').inputValue()).toBe('4.5');
    expect(await panel.field('Hedge ratio source').inputValue()).toBe('rollingOls');
    await panel.run();
    await app.waitForAllCharts(['Equity']);
    expect(await app.chartSummary('Equity')).toMatch(/Equity: [\d,]+ points/);
    // "12" or "12 (1 open)"
    const trades = parseInt((await panel.summary('Trades').textContent()) ?? '', 10);
    expect(trades).toBeGreaterThan(0);
    await expect.poll(() => panel.trades.locator('tbody tr').count()).toBe(trades);
    expect(await panel.region.getByRole('note').filter({ hasText: 'Look-ahead' }).count()).toBe(0);
    const markers = await app.page.evaluate(() => {
      type Feed = { snapshot(): { markers: { kind: string }[] } };
      const h = (window as unknown as { pairsLab: { dashboard: { z: Feed } } }).pairsLab;
      return h.dashboard.z.snapshot().markers.map((m) => m.kind);
    });
    expect(markers.filter((k) => k === 'entry')).toHaveLength(trades);
    expect(session.errors).toEqual([]);
  });

  it('keeps the equity chart in the dashboard chart group: it follows the shared cursor and a zoom', async () => {
    const z = app.chart('Z-score').locator('.u-over');
    const equity = app.chart('Equity').locator('.u-over');
    /**
     * Hovers a chart at a fraction of its width; returns the times both legends show, read in one turn.
     * A chart that applies a zoom a frame after the hover keeps its cursor's pixel, not its time, until the
     * mouse moves again (as for a user), so every attempt leaves the chart and hovers afresh.
     */
    const hover = async (over: Locator, fraction: number): Promise<{ z: number; equity: number }> => {
      let times: string[] = [];
      await expect
        .poll(async () => {
          const box = (await over.boundingBox())!;
          await app.page.mouse.move(0, 0);
          await over.hover({ position: { x: Math.max(1, box.width * fraction), y: box.height / 2 } });
          times = await legendTimes(app, ['Z-score', 'Equity']);
          return times.every((t) => /\d\d:\d\d:\d\d/.test(t)) && times[0] === times[1];
        })
        .toBe(true);
      return { z: secondsOfDay(times[0]), equity: secondsOfDay(times[1]) };
    };

    // the cursor: hovering the z-score chart moves the equity chart's cursor to the same bar, and back
    const a = await hover(z, 0.3);
    const b = await hover(z, 0.7);
    expect(b.z).toBeGreaterThan(a.z);
    const c = await hover(equity, 0.5);
    expect(c.equity).toBeGreaterThan(a.z);
    expect(c.equity).toBeLessThan(b.z);

    // the x-range: a drag zoom on the z-score chart narrows the equity chart to the same range, so the left
    // edge of either chart is the same time (within a bar; the charts have different widths), which before
    // the zoom it is not (the zoom starts 30 % into the data)
    const fullLeft = (await hover(equity, 0)).equity;
    await z.scrollIntoViewIfNeeded();
    const box = (await z.boundingBox())!;
    await app.page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    await app.page.mouse.down();
    await app.page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 5 });
    await app.page.mouse.up();
    await expect.poll(async () => (await app.groupRange()).mode).toBe('user');
    const zLeft = (await hover(z, 0)).z;
    const equityLeft = (await hover(equity, 0)).equity;
    expect(zLeft - fullLeft).toBeGreaterThan(30);
    expect(Math.abs(equityLeft - zLeft)).toBeLessThanOrEqual(1);
    const zRight = (await hover(z, 1)).z;
    const equityRight = (await hover(equity, 1)).equity;
    expect(Math.abs(equityRight - zRight)).toBeLessThanOrEqual(1);
    // back to following for the tests below
    await z.dblclick();
    await expect.poll(async () => (await app.groupRange()).mode).toBe('follow');
    expect(session.errors).toEqual([]);
  });

  it('sorts the trade list by a column header (aria-sort)', async () => {
    const header = panel.trades.getByRole('columnheader', { name: /Net PnL/ });
    await header.getByRole('button').click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
    const nets = async () =>
      (await panel.trades.locator('tbody tr td:last-child').allTextContents()).map((t) => num(t));
    const asc = await nets();
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    await header.getByRole('button').click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');
    const desc = await nets();
    expect(desc).toEqual([...asc].reverse());
    await panel.trades.getByRole('columnheader', { name: '#' }).getByRole('button').click();
  });

  it('downloads the per-bar and trades CSV with what the page shows', async () => {
    const bars = await panel.download('Download per-bar CSV');
    expect(bars.fileName).toMatch(/^backtest-BTCUSDT-ETHUSDT-1s-\d{8}-\d{6}\.csv$/);
    const b = parseCsv(bars.text);
    expect(b.header).toEqual([
      'time_utc',
      'time',
      'y',
      'x',
      'z',
      'position',
      'hedge',
      'pnl',
      'fee',
      'equity',
    ]);
    const context = (await panel.region.getByTestId('backtest-context').textContent()) ?? '';
    const shownBars = Number(/· (\d+) bars/.exec(context)?.[1]);
    expect(b.rows.length).toBe(shownBars);
    const lastEquity = Number(b.rows[b.rows.length - 1][b.header.indexOf('equity')]);
    const shownNet = num(await panel.summary('Net PnL').textContent());
    expect(Math.abs(lastEquity - shownNet)).toBeLessThanOrEqual(Math.abs(shownNet) * 1e-7 + 1e-9);
    const fees = b.rows.reduce((s, r) => s + Number(r[b.header.indexOf('fee')]), 0);
    const shownFees = num(await panel.summary('Fees').textContent());
    expect(Math.abs(fees - shownFees)).toBeLessThanOrEqual(Math.abs(shownFees) * 1e-7 + 1e-9);

    const tradesFile = await panel.download('Download trades CSV');
    expect(tradesFile.fileName).toMatch(/^trades-BTCUSDT-ETHUSDT-1s-/);
    const t = parseCsv(tradesFile.text);
    expect(t.header.slice(0, 4)).toEqual(['trade', 'entry_time_utc', 'exit_time_utc', 'side']);
    const shownRows = await panel.trades.locator('tbody tr').count();
    expect(t.rows.length).toBe(shownRows);
    const firstNet = num(await panel.trades.locator('tbody tr').first().locator('td').last().textContent());
    const csvNet = Number(t.rows[0][t.header.indexOf('netPnl')]);
    expect(Math.abs(csvNet - firstNet)).toBeLessThanOrEqual(Math.abs(firstNet) * 1e-7 + 1e-9);
  });

  it('stores the run and re-runs it with its parameters for comparison', async () => {
    await expect.poll(() => panel.runs.locator('tbody tr').count()).toBeGreaterThan(0);
    const row = panel.runs.locator('tbody tr').first();
    await expect.poll(() => row.textContent()).toContain('entry 1.5 · exit 0.25 · fee 4.5 bps');
    const storedNet = num(await row.locator('td').nth(2).textContent());
    await row.getByRole('button', { name: /^Reopen run/ }).click();
    const compare = panel.region.getByTestId('bt-compare');
    await compare.waitFor();
    // same parameters on the same stored bars: the same number
    expect(num(await panel.summary('Net PnL').textContent())).toBeCloseTo(storedNet, 6);
  });

  it('flags the whole-window hedge ratio as look-ahead', async () => {
    await panel.field('Hedge ratio source').selectOption('static');
    await panel.run();
    await expect.poll(() => panel.region.getByRole('note').filter({ hasText: 'Look-ahead' }).count()).toBe(1);
    await panel.field('Hedge ratio source').selectOption('rollingOls');
    await panel.run();
    await expect.poll(() => panel.region.getByRole('note').filter({ hasText: 'Look-ahead' }).count()).toBe(0);
  });

  it('runs with the rolling Huber hedge: named in the result, not flagged as look-ahead', async () => {
    await panel.field('Hedge ratio source').selectOption({ label: 'Rolling Huber (robust)' });
    await panel.run();
    await expect
      .poll(() => panel.region.getByTestId('backtest-context').textContent())
      .toContain('Rolling Huber (robust)');
    expect(await panel.region.getByRole('note').filter({ hasText: 'Look-ahead' }).count()).toBe(0);
    // the run is stored with its hedge, so reopening it re-runs the same fit
    await expect.poll(() => panel.runs.locator('tbody tr').first().textContent()).toContain('Rolling Huber');
    await panel.field('Hedge ratio source').selectOption('rollingOls');
    await panel.run();
    await expect
      .poll(() => panel.region.getByTestId('backtest-context').textContent())
      .toContain('Rolling OLS');
  });

  it('sweeps entry × exit with progress, shows a heat map and sets the thresholds from a cell', async () => {
    await panel.field('Sweep metric').selectOption('sharpe');
    await panel.button('Run sweep').click();
    const progress = panel.region.getByRole('status', { name: 'Sweep progress' });
    await expect.poll(() => progress.textContent(), { timeout: 30_000 }).toMatch(/9 \/ 9 rows done/);
    const caption = (await panel.heatMap.locator('caption').textContent()) ?? '';
    expect(caption).toMatch(/Sharpe ratio by entry/);
    const m = /best: entry ([\d.]+), exit ([\d.]+)/.exec(caption);
    expect(m).not.toBeNull();
    const best = panel.heatMap.getByRole('button', { name: /\(best\)$/ });
    await best.click();
    await expect.poll(() => panel.field('Backtest entry |z|').inputValue()).toBe(m![1]);
    expect(await panel.field('Backtest exit |z|').inputValue()).toBe(m![2]);
    // a cell holds the value as text, and matches a single backtest with those thresholds
    const cellValue = num(((await best.textContent()) ?? '').replace('★', ''));
    await panel.run();
    expect(num(await panel.summary('Sharpe (annualised)').textContent())).toBeCloseTo(cellValue, 3);
    expect(session.errors).toEqual([]);
  });
});
