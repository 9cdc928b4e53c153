// Why: the single source of help text. The app shows `short` in tooltips and `body`/`formula` in info
// popovers; docs/*.md embed generated tables of the same texts (src/help/renderDocs.ts), and a unit test
// fails when the docs, the anchors or the quoted backtest rules drift from this file or from the code.
// DOM-free and dependency-free so the UI, Node scripts and tests can all import it.

/** Where a topic appears; decides which generated docs table lists it. */
export type HelpGroup = 'data' | 'analysis' | 'model' | 'legs' | 'chart' | 'status' | 'backtest' | 'alerts';

export interface HelpTopic {
  /** Label as the UI shows it (or should show it). */
  title: string;
  /** One or two sentences for a tooltip; plain text, ≤ 200 characters. */
  short: string;
  /** A few sentences for an info popover; plain text, paragraphs separated by a blank line. */
  body: string;
  /** The definition as implemented, in plain Unicode maths. */
  formula?: string;
  /** `file.md#slug` of the docs section that explains it (docs/ relative). */
  guideAnchor: string;
  group: HelpGroup;
}

export const HELP_TOPIC_IDS = [
  // Data panel
  'symbols',
  'swapLegs',
  'source',
  'timeframe',
  'replaySpeed',
  'endpoints',
  // Analysis panel
  'method',
  'window',
  'kalmanDelta',
  'kalmanVe',
  'priceTransform',
  'correlationOn',
  'range',
  'rebase',
  'entryZ',
  'exitZ',
  // Model card
  'beta',
  'alpha',
  'rSquared',
  'betaStdErr',
  'huberScale',
  'kalmanBand',
  'zScore',
  'spread',
  'adfStatistic',
  'adfPValue',
  'adfLag',
  'adfCriticalValues',
  'adfVerdict',
  'lookAhead',
  // Leg statistics
  'legStats',
  'lastLogReturn',
  'annualizedVol',
  // Charts
  'chartPrices',
  'chartSpread',
  'chartZScore',
  'chartHedgeRatio',
  'correlation',
  // Status bar
  'statusConnection',
  'statusRoute',
  'statusTicksPerSecond',
  'statusLastTrade',
  'statusMalformed',
  'statusGaps',
  'statusDb',
  'statusLiveTab',
  // Backtest panel
  'backtestFee',
  'backtestNetPnl',
  'backtestTrades',
  'backtestWinRate',
  'backtestMaxDrawdown',
  'backtestSharpe',
  'backtestExposure',
  'backtestHolding',
  // Alerts panel
  'alertCondition',
  'alertHysteresis',
  'alertCooldown',
  'alertStale',
] as const;

export type HelpTopicId = (typeof HELP_TOPIC_IDS)[number];

export const HELP: Readonly<Record<HelpTopicId, HelpTopic>> = {
  // ───────────────────────────── Data ─────────────────────────────
  symbols: {
    group: 'data',
    title: 'Symbols (first = Y, second = X)',
    short:
      'Binance USD-M symbols, comma-separated, up to 8. The first is the dependent leg Y, the second the hedge leg X; the rest are only charted.',
    body: 'Symbols are 2–30 letters or digits (BTCUSDT). When exchangeInfo could be fetched, unknown symbols are refused with a message; otherwise only the pattern is checked.\n\nChanging symbols on a live feed sends SUBSCRIBE/UNSUBSCRIBE on the open socket: no reconnect, no lost data for the symbols you keep.',
    guideAnchor: 'guide.md#live',
  },
  swapLegs: {
    group: 'data',
    title: 'Swap Y and X',
    short:
      'Exchanges the dependent leg Y and the hedge leg X. β, α, the spread and the ADF result all change.',
    body: 'Regressing Y on X is not the inverse of regressing X on Y: OLS β(Y on X) ≠ 1/β(X on Y) unless the fit is perfect, and the ADF statistic of the two residual series differs. Try both orders before trusting a pair.',
    guideAnchor: 'statistics.md#ols',
  },
  source: {
    group: 'data',
    title: 'Source',
    short:
      'Live (Binance WebSocket), Replay (the bundled recording) or Uploaded (CSV files). Each source keeps its own bars; they never mix.',
    body: 'Every stored row carries its source in its primary key, so a replay can never overwrite live bars. A replay starts afresh: its earlier replay rows are deleted first. Uploaded data comes from CSV import (Upload CSV in the sidebar).',
    guideAnchor: 'guide.md#getting-data',
  },
  timeframe: {
    group: 'data',
    title: 'Timeframe',
    short:
      'Bar interval: 1s, 1m or 5m (UTC-aligned). All three are built from the same trades; switching is instant.',
    body: 'A bar covers [openTime, openTime + Δ) with openTime = floor(T / Δ)·Δ on the trade time T. Analytics use final bars only: a bar becomes final once the stream clock (largest event time seen) passes its end + 1 s grace.',
    formula: 'openTime = ⌊T / Δ⌋ · Δ,  final ⇔ clock ≥ openTime + Δ + 1 000 ms',
    guideAnchor: 'architecture.md#when-a-bar-becomes-final',
  },
  replaySpeed: {
    group: 'data',
    title: 'Replay speed',
    short:
      'How fast the bundled recording plays: 1×, 10×, 60× market time, or max (as fast as the worker can store it).',
    body: 'The recording (BTCUSDT and ETHUSDT, about 8 minutes around 2024-07-18 23:57 → 00:05 UTC) is shifted by whole 5-minute periods so its first trade happens within the last 5 minutes: its 1s, 1m and 5m bars keep the recording’s boundaries and equal the exchange’s klines. It goes through the same parse → dedupe → batch path as the live feed.',
    guideAnchor: 'guide.md#replay',
  },
  endpoints: {
    group: 'data',
    title: 'Endpoints',
    short:
      'Where market data comes from: Production, Testnet, or a Custom ws(s):// and http(s):// base (for example the local replay server).',
    body: 'Bases carry no route: the app appends /public/stream, /stream or /market/stream itself. URLs with credentials, a query or a fragment are refused. ?ws= and ?rest= in the address override the stored choice.',
    guideAnchor: 'guide.md#endpoints',
  },

  // ─────────────────────────── Analysis ───────────────────────────
  method: {
    group: 'analysis',
    title: 'Regression',
    short:
      'How β is fitted: OLS or Robust (Huber) on the whole range (look-ahead), Kalman or Rolling OLS bar by bar (no look-ahead).',
    body: 'OLS: least squares of y on [1, x]. Huber: an M-estimator that down-weights outlier prints. Both use every bar in the range, so early spread values depend on later prices.\n\nKalman: Chan’s random-walk [β, α] state; the spread is the one-step forecast error. The filter starts from β = α = 0, so its first `window` bars are a burn-in: the chart hides them and the z-score and ADF test leave them out. Rolling OLS: OLS on the last `window` bars ending at each bar. Use one of these two for anything you backtest.',
    guideAnchor: 'statistics.md#hedge-ratios',
  },
  window: {
    group: 'analysis',
    title: 'Rolling window (bars)',
    short:
      'Bars in each rolling window: z-score, rolling correlations and rolling OLS. Default 60; values are NaN until the window is full.',
    body: 'The window counts aligned bars, not time: 60 means one hour at 1m and one minute at 1s. With Rolling OLS the spread itself needs `window` bars, so the z-score needs 2·window − 1 bars before its first value.',
    guideAnchor: 'statistics.md#z-score',
  },
  kalmanDelta: {
    group: 'analysis',
    title: 'δ (state noise)',
    short:
      'How fast the Kalman β and α may drift: state noise Vw = δ/(1 − δ)·I. Larger δ adapts faster and fits noise. Default 1e-4.',
    body: 'Presets: Fast δ = 1e-3, Default 1e-4, Slow 1e-5 (all with Ve = 1e-3). Only the ratio of Vw to Ve matters for β; Ve also sets the scale of the band.',
    formula: 'Vw = δ / (1 − δ) · I₂',
    guideAnchor: 'statistics.md#kalman-filter',
  },
  kalmanVe: {
    group: 'analysis',
    title: 'Observation variance (Ve)',
    short:
      'Kalman measurement noise variance, in squared (transformed) price units. Larger Ve trusts each bar less. Default 1e-3.',
    body: 'Ve is in the units of y²: on raw BTC prices 1e-3 is tiny and the filter chases every bar; on log prices it is large. Retune it when you switch the price transform.',
    formula: 'Qₜ = hₜ Rₜ hₜᵀ + Ve,  hₜ = [xₜ, 1]',
    guideAnchor: 'statistics.md#kalman-filter',
  },
  priceTransform: {
    group: 'analysis',
    title: 'Prices (raw / log)',
    short:
      'Fit on raw or log prices. On log prices β is an elasticity (returns ratio), the spread is in log units, and the backtest converts β to units.',
    body: 'Log prices make the fit scale-free and the spread roughly a percentage. The backtest holds βₜ·yₜ/xₜ units of X per unit of Y when the fit is on log prices. Volatility and return correlations always use raw prices’ log returns.',
    guideAnchor: 'statistics.md#spread',
  },
  correlationOn: {
    group: 'analysis',
    title: 'Correlation on',
    short:
      'Rolling correlation of log returns (default) or of prices. Price correlation of two trending series is close to ±1 whatever their relation.',
    body: 'Return correlation says whether the legs move together bar by bar. Price correlation is dominated by common trends (spurious regression) and says little about cointegration. Prices here means the transformed prices (log when Prices = log).',
    guideAnchor: 'statistics.md#rolling-correlation',
  },
  range: {
    group: 'analysis',
    title: 'Range (last N bars)',
    short:
      'Analyse and chart only the last N aligned bars (default 2,000), or all stored bars. Static fits change when the range moves.',
    body: 'OLS and Huber are refitted on exactly this range and ADF is run on it, so a longer range is a different sample, not just a wider view. Rolling values (z-score, correlation, rolling OLS) start `window` − 1 bars into the range.',
    guideAnchor: 'guide.md#analysis-controls',
  },
  rebase: {
    group: 'analysis',
    title: 'Rebase prices to 100',
    short: 'Draw every price as 100 × p / first price on one axis, instead of one axis per symbol.',
    body: 'Rebasing is a display choice only: analytics always use the closes themselves.',
    formula: 'rebasedₜ = 100 · pₜ / p₀',
    guideAnchor: 'guide.md#prices',
  },
  entryZ: {
    group: 'analysis',
    title: 'Entry |z|',
    short:
      'Open when z is strictly beyond ±entry: short the spread when z > entry, long when z < −entry. Drawn on the z-score chart. Default 2.',
    body: 'Used by the backtest and drawn as guide lines. z exactly equal to entry does not open a position. Must be above the exit threshold.',
    formula: 'flat → −1 if zₜ > entry;  +1 if zₜ < −entry',
    guideAnchor: 'guide.md#backtest-rules',
  },
  exitZ: {
    group: 'analysis',
    title: 'Exit |z|',
    short:
      'Close a long when z ≥ −exit, a short when z ≤ exit (inclusive). 0 closes at the mean crossing. Default 0.5; must be below entry.',
    body: 'After an exit, the same bar may open the opposite side if its entry condition holds (a flip).',
    formula: 'long exits if zₜ ≥ −exit;  short exits if zₜ ≤ exit',
    guideAnchor: 'guide.md#backtest-rules',
  },

  // ──────────────────────────── Model ─────────────────────────────
  beta: {
    group: 'model',
    title: 'β (hedge ratio)',
    short:
      'Units of X per unit of Y in the fit y = α + βx (on log prices: the ratio of returns). Static fits show the one β; dynamic ones the last βₜ.',
    body: 'A long spread is +1 Y and −β X. On raw prices β converts X’s price into Y’s; on log prices it is an elasticity. A β that drifts a lot over the range means the relationship is not stable, whatever R² says.',
    formula: 'β̂ = Σ(xᵢ − x̄)(yᵢ − ȳ) / Σ(xᵢ − x̄)²  (OLS)',
    guideAnchor: 'statistics.md#hedge-ratios',
  },
  alpha: {
    group: 'model',
    title: 'α (intercept)',
    short:
      'The intercept of y = α + βx. The spread is measured around it; it has no trading meaning on its own.',
    body: 'With prices far from zero α is poorly determined (large std err) and moves a lot with β. The z-score subtracts a rolling mean anyway, so α mostly shifts the spread chart.',
    formula: 'α̂ = ȳ − β̂ x̄',
    guideAnchor: 'statistics.md#ols',
  },
  rSquared: {
    group: 'model',
    title: 'R²',
    short:
      'OLS only: share of the variance of y explained by x. Near 1 for any two trending prices, so it says nothing about mean reversion.',
    body: 'Two independent random walks routinely give R² above 0.9 (spurious regression). Judge a pair by the ADF test and the stability of β, not by R².',
    formula: 'R² = 1 − Σ eᵢ² / Σ (yᵢ − ȳ)²',
    guideAnchor: 'statistics.md#ols',
  },
  betaStdErr: {
    group: 'model',
    title: 'std err β',
    short:
      'OLS only: the textbook standard error of β under i.i.d. residuals. Residuals of price levels are autocorrelated, so it is far too small.',
    body: 'statsmodels’ non-robust `bse`. Spread residuals are strongly autocorrelated, which makes this understate the true uncertainty, often by an order of magnitude. Compare β across ranges instead.',
    formula: 'se(β̂) = √( s² / Σ(xᵢ − x̄)² ),  s² = Σ eᵢ² / (n − 2)',
    guideAnchor: 'statistics.md#ols',
  },
  huberScale: {
    group: 'model',
    title: 'Huber scale',
    short:
      'Robust (Huber) only: the final MAD scale of the residuals, median(|r|)/0.6745, and the number of IRLS iterations.',
    body: 'Residuals beyond 1.345 × scale get weight 1.345·scale/|r| instead of 1. This is statsmodels RLM with HuberT(1.345), reproduced step by step, including its convergence rule (at most 50 iterations, tolerance 1e-8).',
    formula: 's = median(|rᵢ|) / Φ⁻¹(0.75);  wᵢ = min(1, 1.345 / |rᵢ/s|)',
    guideAnchor: 'statistics.md#huber-robust',
  },
  kalmanBand: {
    group: 'model',
    title: 'Kalman band (±1σ)',
    short:
      'Kalman only: √Qₜ, the standard deviation the filter expects for the next forecast error. A spread beyond ±√Qₜ is a surprise to the model.',
    body: 'Chan trades eₜ against ±√Qₜ directly. This app’s z-score instead standardises eₜ by its rolling sample std over the window; the band is shown for comparison.',
    formula: 'Qₜ = hₜ (Pₜ₋₁ + Vw) hₜᵀ + Ve',
    guideAnchor: 'statistics.md#kalman-filter',
  },
  zScore: {
    group: 'model',
    title: 'z-score',
    short:
      'Spread minus its rolling mean, over its rolling sample std (ddof 1), over the last `window` bars. NaN until the window is full.',
    body: 'Computed exactly like pandas (s − s.rolling(w).mean()) / s.rolling(w).std(). NaN when the window contains a NaN and when the window is exactly constant (std 0). The current bar is inside its own window.',
    formula: 'zₜ = (sₜ − mean(sₜ₋w₊₁…sₜ)) / std₁(sₜ₋w₊₁…sₜ),  w = window',
    guideAnchor: 'statistics.md#z-score',
  },
  spread: {
    group: 'model',
    title: 'Spread',
    short:
      'y − (α + βx) in (transformed) price units. For Kalman it is the forecast error with the previous bar’s β and α; for Rolling OLS it uses βₜ.',
    body: 'OLS/Huber: residuals of the whole-range fit (look-ahead). Rolling OLS: yₜ − (αₜ + βₜxₜ) with the fit ending at t. Kalman: eₜ = yₜ − (βₜ₋₁xₜ + αₜ₋₁), known before bar t updates the state.',
    formula: 'sₜ = yₜ − (α + β xₜ)',
    guideAnchor: 'statistics.md#spread',
  },
  adfStatistic: {
    group: 'model',
    title: 'ADF statistic',
    short:
      'Augmented Dickey–Fuller t-statistic of the spread (constant, lag by AIC). More negative = stronger evidence that the spread reverts.',
    body: 'Computed on the finite part of the spread, which needs at least 20 values and no gaps. Same numbers as statsmodels adfuller(spread, regression="c", autolag="AIC").',
    formula: 'Δsₜ = c + γ sₜ₋₁ + Σᵢ₌₁ᵖ φᵢ Δsₜ₋ᵢ + εₜ;  statistic = γ̂ / se(γ̂)',
    guideAnchor: 'statistics.md#adf-test',
  },
  adfPValue: {
    group: 'model',
    title: 'ADF p-value',
    short:
      'MacKinnon p-value for a unit root in a series you observe. On a fitted spread it is too optimistic: Engle–Granger critical values are stricter.',
    body: 'The p-value assumes the series was given, not estimated. A spread fitted by OLS is the most stationary-looking combination of the two prices, so the true p-value of the cointegration test is larger. A small p is necessary, not sufficient.',
    guideAnchor: 'statistics.md#adf-test',
  },
  adfLag: {
    group: 'model',
    title: 'lag · nobs',
    short:
      'Lagged differences p chosen by AIC (max ⌈12·(n/100)^¼⌉) and the observations used in the regression.',
    body: 'Each lag costs one observation. Many lags on 1s bars usually mean microstructure noise (bid–ask bounce) in the spread.',
    guideAnchor: 'statistics.md#adf-test',
  },
  adfCriticalValues: {
    group: 'model',
    title: 'critical values',
    short:
      'ADF statistics below these reject a unit root at 1%, 5%, 10% (MacKinnon 2010, for a series you observe, not a fitted spread).',
    body: 'For a spread fitted with an estimated β the right comparison is the Engle–Granger table for two variables (about −3.90 / −3.34 / −3.05 at 1% / 5% / 10% for large samples), not these.',
    guideAnchor: 'statistics.md#adf-test',
  },
  adfVerdict: {
    group: 'model',
    title: 'Verdict',
    short:
      'Plain-language reading of the ADF p-value: < 0.01 strong, < 0.05 stationary, < 0.10 weak, otherwise no evidence of mean reversion.',
    body: 'The verdict reads the p-value only. Small samples (under 100 aligned bars) and look-ahead fits are flagged separately, and the fitted-spread caveat of the p-value still applies.',
    guideAnchor: 'guide.md#model-card',
  },
  lookAhead: {
    group: 'model',
    title: 'Look-ahead warning',
    short:
      'OLS and Huber are fitted on the whole range, so every spread and z-score value uses later prices. Backtest with Rolling OLS or Kalman.',
    body: 'A look-ahead fit is fine for describing a past range and misleading for anything that pretends to trade it. The backtest accepts such inputs but carries the flag and a warning into its summary.',
    guideAnchor: 'statistics.md#look-ahead-bias',
  },

  // ───────────────────────────── Legs ─────────────────────────────
  legStats: {
    group: 'legs',
    title: 'count · mean · std · last',
    short:
      'Per leg over the aligned range: number of finite closes, their mean, sample std (ddof 1) and the last close.',
    body: 'Price mean and std describe the range only; they are not stationary statistics and should not be compared across ranges.',
    guideAnchor: 'guide.md#leg-statistics',
  },
  lastLogReturn: {
    group: 'legs',
    title: 'Last log return',
    short: 'log(pₙ₋₁ / pₙ₋₂) between the last two final closes of the aligned range.',
    body: 'Evaluated as log1p((p₁ − p₀)/p₀) so tiny 1s returns keep full precision. NaN with fewer than two prices.',
    formula: 'rₜ = ln(pₜ / pₜ₋₁)',
    guideAnchor: 'statistics.md#log-returns-and-annualised-volatility',
  },
  annualizedVol: {
    group: 'legs',
    title: 'Annualised vol',
    short:
      'Sample std of the bar log returns × √(bars per year) on a 24/7 year: 31,536,000 (1s), 525,600 (1m), 105,120 (5m).',
    body: 'Assumes i.i.d. returns. On 1s bars microstructure noise inflates it; compare 1s, 1m and 5m before quoting a number.',
    formula: 'σₐ = std₁(rₜ) · √N,  N = 365 · 24 · 3600 s / Δ',
    guideAnchor: 'statistics.md#log-returns-and-annualised-volatility',
  },

  // ──────────────────────────── Charts ────────────────────────────
  chartPrices: {
    group: 'chart',
    title: 'Prices chart',
    short:
      'Closes of every selected symbol (one axis each, or rebased to 100) and the first symbol’s volume. Includes the forming bar.',
    body: 'Drag to zoom, wheel to zoom around the pointer, shift-drag to pan, double-click to follow live again. All charts share the cursor and the x-range.',
    guideAnchor: 'guide.md#prices',
  },
  chartSpread: {
    group: 'chart',
    title: 'Spread chart',
    short: 'The spread of the chosen method, on final bars only, in (transformed) price units.',
    body: 'Switching the regression method changes this series: static fits give residuals around 0 over the range; Kalman gives forecast errors.',
    guideAnchor: 'guide.md#spread-and-z-score-charts',
  },
  chartZScore: {
    group: 'chart',
    title: 'Z-score chart',
    short: 'The rolling z-score of the spread with guide lines at ±entry and ±exit.',
    body: 'Crossings of the outer lines are where the backtest would open; the inner lines where it would close. After a backtest run, its entries and exits are marked on this chart.',
    guideAnchor: 'guide.md#spread-and-z-score-charts',
  },
  chartHedgeRatio: {
    group: 'chart',
    title: 'Hedge ratio chart',
    short:
      'Kalman βₜ and rolling-OLS βₜ (over the window), whatever regression is selected, to show how stable the hedge is.',
    body: 'Both are causal (no look-ahead). If they wander far apart, or far from the static β, a single hedge ratio for the whole range is suspect.',
    guideAnchor: 'guide.md#hedge-ratio-chart',
  },
  correlation: {
    group: 'chart',
    title: 'Rolling correlation',
    short:
      'Pearson correlation over the last `window` bars, of log returns or of prices (see “Correlation on”). NaN when either leg is constant.',
    body: 'Same as pandas a.rolling(w).corr(b). High return correlation is what makes a hedge work bar to bar; it is not evidence of cointegration.',
    formula: 'ρₜ = Σ(aᵢ − ā)(bᵢ − b̄) / √(Σ(aᵢ − ā)² Σ(bᵢ − b̄)²) over i = t−w+1 … t',
    guideAnchor: 'statistics.md#rolling-correlation',
  },

  // ──────────────────────────── Status ────────────────────────────
  statusConnection: {
    group: 'status',
    title: 'Connection',
    short:
      'connected, subscribed (waiting for the first trade), reconnecting in N s, offline, replaying, or viewing stored data (another tab is live).',
    body: 'Reconnects use full-jitter backoff: random × min(30 s, 0.5 s × 2^attempt), reset after 60 s of healthy data. A socket that delivers nothing within 10 s moves to the next route.',
    guideAnchor: 'architecture.md#feed-client',
  },
  statusRoute: {
    group: 'status',
    title: 'Route',
    short:
      'Which Binance path delivers trades: /public (trade), / (trade) or /market (aggTrade). The working route is remembered.',
    body: 'Binance acknowledges subscriptions on a wrong route and then sends nothing, so the client walks /public → / → /market until one delivers, and stores the winner for next time.',
    guideAnchor: 'guide.md#no-data-on-a-route',
  },
  statusTicksPerSecond: {
    group: 'status',
    title: 'ticks/s',
    short: 'Trades accepted per second (after dedupe), averaged over the last 5 s.',
    body: 'Duplicates (replayed frames after a reconnect, double subscriptions) are dropped before they are counted.',
    guideAnchor: 'guide.md#status-bar',
  },
  statusLastTrade: {
    group: 'status',
    title: 'Last trade age',
    short:
      'Time since each symbol’s last trade arrived. A quiet symbol is normal; all symbols stale means the feed is stuck.',
    body: 'The watchdog drops a socket after max(15 s, 20 × the median gap between trades) of silence, so a dead socket on a busy symbol is caught quickly and a quiet symbol is not killed.',
    formula: 'timeout = max(15 s, 20 · median inter-arrival gap)',
    guideAnchor: 'architecture.md#feed-client',
  },
  statusMalformed: {
    group: 'status',
    title: 'malformed',
    short:
      'Frames that could not be parsed plus error replies from the exchange. They are counted and skipped; the receive loop keeps going.',
    body: 'A steady count usually means a relay or a custom endpoint that does not speak Binance’s format.',
    guideAnchor: 'guide.md#troubleshooting',
  },
  statusGaps: {
    group: 'status',
    title: 'gaps',
    short:
      'Open holes in a symbol’s trade-id sequence (dropped frames, an outage, a reload). Bars over a gap miss those trades.',
    body: 'Binance trade ids increase by one per symbol, so ids alone separate duplicates from holes, also across a reload (the last stored id seeds the check). A hole is filled from REST aggTrades and the bars it touches are rebuilt; a hole REST cannot fill is listed as unfillable or partial.',
    guideAnchor: 'guide.md#limits',
  },
  statusDb: {
    group: 'status',
    title: 'db size · last save',
    short:
      'Size of the in-memory SQLite database, stored ticks, and when it was last saved to IndexedDB (about every 10 s while data changes).',
    body: 'The whole database file is saved as one snapshot, atomically (two slots and a pointer). If the browser refuses (storage full), data stays in memory and the save is retried with backoff.',
    guideAnchor: 'architecture.md#snapshots',
  },
  statusLiveTab: {
    group: 'status',
    title: 'Live tab',
    short:
      'Only one tab ingests and saves. Others show stored data and can take over (“Use here”); a closed live tab hands over by itself.',
    body: 'Elected with a Web Lock. Two writers would overwrite each other’s snapshots, so followers never write.',
    guideAnchor: 'architecture.md#single-writer',
  },

  // ─────────────────────────── Backtest ───────────────────────────
  backtestFee: {
    group: 'backtest',
    title: 'Fee (bps)',
    short:
      'Fee per leg in basis points of traded notional, charged when a position opens or closes: feeBps/10⁴ × (yₜ + |b|·xₜ).',
    body: 'A flip pays the exit and the entry on the same bar. The default is 0; Binance taker fees on USD-M are of the order of a few bps.',
    formula: 'fee = feeBps / 10⁴ · (yₜ + |b| · xₜ)',
    guideAnchor: 'guide.md#backtest-rules',
  },
  backtestNetPnl: {
    group: 'backtest',
    title: 'Net / gross PnL',
    short: 'Gross = Σ bar PnL; net = final equity = Σ (PnL − fees). In quote currency (USDT) per unit of Y.',
    body: 'Bar PnL marks the position held over (t−1, t] with its locked hedge ratio. The open position at the last bar is marked to market, not closed.',
    formula: 'PnLₜ = pₜ₋₁ · [(yₜ − yₜ₋₁) − b (xₜ − xₜ₋₁)]',
    guideAnchor: 'guide.md#backtest-rules',
  },
  backtestTrades: {
    group: 'backtest',
    title: 'Trades',
    short:
      'Positions opened, the one still open at the last bar included. A flip counts as one close and one open.',
    body: 'Average trade = mean net PnL per trade, the open trade (marked to the last bar, net of its entry fee) included.',
    guideAnchor: 'guide.md#backtest-rules',
  },
  backtestWinRate: {
    group: 'backtest',
    title: 'Win rate',
    short: 'Closed trades with net PnL > 0, divided by closed trades. The open trade is not counted.',
    body: 'A high win rate with small average wins and rare large losses is the usual shape of mean reversion on a pair that stops cointegrating.',
    guideAnchor: 'guide.md#backtest-rules',
  },
  backtestMaxDrawdown: {
    group: 'backtest',
    title: 'Max drawdown',
    short:
      'Largest fall of equity from its running peak, with the peak starting at 0 (so early losses count).',
    body: 'In the same money units as PnL (per unit of Y), not a percentage.',
    formula: 'maxDD = maxₜ (maxₛ≤ₜ max(0, equityₛ) − equityₜ)',
    guideAnchor: 'guide.md#backtest-rules',
  },
  backtestSharpe: {
    group: 'backtest',
    title: 'Sharpe',
    short:
      'mean / std (ddof 1) of per-bar net PnL over bars 1…n−1, × √barsPerYear; 0 when that std is 0. No risk-free rate.',
    body: 'PnL per unit of Y, not a return on capital, so it is a signal-to-noise ratio of the PnL stream rather than a fund Sharpe. Flat bars (PnL 0) are included.',
    formula: 'SR = mean(netₜ) / std₁(netₜ) · √barsPerYear,  t = 1 … n−1',
    guideAnchor: 'guide.md#backtest-rules',
  },
  backtestExposure: {
    group: 'backtest',
    title: 'Exposure',
    short: 'Share of bars that end with a position (pₜ ≠ 0).',
    body: 'Low exposure with a high Sharpe often means few trades; check the trade count before trusting either.',
    guideAnchor: 'guide.md#backtest-rules',
  },
  backtestHolding: {
    group: 'backtest',
    title: 'Average holding time',
    short: 'Mean bars held (exit bar − entry bar) and mean exit time − entry time over closed trades.',
    body: 'Compare it with the rolling window: a holding time longer than the window means the z-score’s own mean moved during the trade.',
    guideAnchor: 'guide.md#backtest-rules',
  },

  // ──────────────────────────── Alerts ────────────────────────────
  alertCondition: {
    group: 'alerts',
    title: 'Condition',
    short:
      'above: v > T; below: v < T (strict). crossesAbove: previous ≤ T and now > T; crossesBelow: previous ≥ T and now < T.',
    body: 'Rules are evaluated on final bars. A level rule fires on its first observation if the condition already holds; a cross rule needs two consecutive valid values.',
    guideAnchor: 'guide.md#alerts',
  },
  alertHysteresis: {
    group: 'alerts',
    title: 'Hysteresis',
    short:
      'After firing, a rule re-arms only once the value is back by this distance (v ≤ T − h for above rules). Defaults per metric, e.g. 0.2 for z.',
    body: 'Defaults: z-score 0.2, correlation 0.05, ADF p-value 0.01, staleness 1 s, spread and β 1 % of |T|, last price 0.1 % of T.',
    guideAnchor: 'guide.md#alerts',
  },
  alertCooldown: {
    group: 'alerts',
    title: 'Cooldown',
    short:
      'Minimum bar-time distance between two firings of a rule (default 60 s). A level rule still true fires again after it.',
    body: 'Cooldown is measured in bar time, so a replay at 60× fires as it would have live.',
    guideAnchor: 'guide.md#alerts',
  },
  alertStale: {
    group: 'alerts',
    title: 'Stale / missing',
    short:
      'A rule never fires on NaN or on data older than 3 bars of its timeframe; it shows missing or stale with the reason.',
    body: 'For pair metrics the age is measured from the older leg’s newest final bar. A crossing across a gap in the data is not reported.',
    guideAnchor: 'guide.md#alerts',
  },
};

/**
 * The backtest rules as `src/analytics/backtest/` implements them (engine.ts, types.ts, fromPair.ts).
 * tests/unit/help checks the key phrases against a run of the real backtest.
 */
export const BACKTEST_RULES: readonly string[] = [
  'Decisions are made at the close of bar t from zₜ; before the first bar the position is p₋₁ = 0.',
  'If zₜ is NaN, no decision is made on bar t: the position and its locked hedge ratio are held.',
  'Flat: enter short the spread (pₜ = −1) when zₜ > entry, long (pₜ = +1) when zₜ < −entry. Both are strict: zₜ exactly at ±entry does not open a position.',
  'Long: exit when zₜ ≥ −exit; short: exit when zₜ ≤ exit (inclusive). After an exit on the same bar, the opposite side is entered if its entry condition holds (a flip).',
  'Thresholds must be finite with 0 ≤ exit < entry; otherwise the backtest is refused.',
  'A position opened at bar t locks the hedge ratio b = βₜ until it is closed: long = +1 unit of Y and −b units of X, short = −1 unit of Y and +b units of X. A non-finite βₜ blocks the entry (the bar stays flat).',
  'On log prices the fitted β relates returns, so the locked ratio in units of X per unit of Y is βₜ·yₜ/xₜ at the entry bar’s close.',
  'PnL of bar t (t ≥ 1) = pₜ₋₁ · [(yₜ − yₜ₋₁) − b·(xₜ − xₜ₋₁)], with b the locked ratio of the position held over (t−1, t]; bar 0 has PnL 0.',
  'Fees at each bar where the position changes: feeBps/10⁴ × traded notional, where closing costs yₜ + |b|·xₜ and opening costs yₜ + |βₜ|·xₜ; a flip pays both on that bar.',
  'Equity = cumulative PnL − fees, bar by bar. Money is in the quote currency (USDT) per unit of Y.',
  'Net PnL = final equity; gross PnL = Σ PnL; fees = Σ fees.',
  'Trades = positions opened, the open one included. Win rate = closed trades with net PnL > 0 / closed trades. Average trade = mean net PnL per trade, the open trade (marked to the last bar, net of its entry fee) included.',
  'Max drawdown = max over t of (running peak of equity, with the peak starting at 0) − equityₜ.',
  'Sharpe = mean / std (ddof 1) of the per-bar net PnL (PnL − fee) over bars 1 … n−1, × √barsPerYear; 0 when the std is 0 or there are fewer than two such bars. A fee charged at bar 0 is in net PnL, not in Sharpe.',
  'Exposure = share of bars with pₜ ≠ 0. Average holding time = mean (exit bar − entry bar) and mean (exit time − entry time) over closed trades.',
  'Inputs fitted on the whole range (OLS, Huber) are accepted but flagged as look-ahead in the summary; use Rolling OLS or Kalman for a tradable backtest.',
];

export interface TourStep {
  id: 'pair' | 'source' | 'timeframe' | 'charts' | 'model' | 'alerts' | 'backtest' | 'status';
  /** CSS selector of the element to highlight; `[aria-label="…"]` or `[data-tour="…"]`. */
  target: string;
  title: string;
  body: string;
}

/** First-run tour, in order. Targets that do not exist yet (a panel still coming) should be skipped. */
export const TOUR_STEPS: readonly TourStep[] = [
  {
    id: 'pair',
    target: '[data-tour="pair"]',
    title: 'Pick a pair',
    body: 'Type two Binance USD-M symbols, comma-separated: the first is Y (the leg you trade), the second X (the hedge). Further symbols are only charted.',
  },
  {
    id: 'source',
    target: '[data-tour="source"]',
    title: 'Choose where data comes from',
    body: 'Live streams trades from Binance. No network? Choose Replay to play a real 8-minute BTC/ETH recording at up to 60× or max speed.',
  },
  {
    id: 'timeframe',
    target: '[data-tour="timeframe"]',
    title: 'Timeframe',
    body: '1s, 1m or 5m bars, built in your browser from every trade. Analytics wait for `window` final bars before showing a z-score.',
  },
  {
    id: 'charts',
    target: '[aria-label="Charts"]',
    title: 'Read the charts',
    body: 'Prices, spread, z-score with your entry/exit lines, two causal hedge ratios and a rolling correlation. Drag to zoom, double-click to follow live.',
  },
  {
    id: 'model',
    target: '[aria-label="Model"]',
    title: 'Check the model',
    body: 'β, α and the ADF test of the spread with a plain-language verdict. A look-ahead warning means the fit used later prices: backtest with Rolling OLS or Kalman.',
  },
  {
    id: 'alerts',
    target: '[aria-label="Alerts"]',
    title: 'Set alerts',
    body: 'Rules such as “z-score crosses above 2” are checked on every final bar while the app is open, with hysteresis and a cooldown so they do not chatter.',
  },
  {
    id: 'backtest',
    target: '[data-tour="backtest"]',
    title: 'Backtest the thresholds',
    body: 'Runs the entry/exit rules on the spread bar by bar, with fees, and sweeps entry × exit. Every rule is spelled out in the user guide.',
  },
  {
    id: 'status',
    target: '[aria-label="Status"]',
    title: 'Watch the status bar',
    body: 'Connection, route, ticks per second, gaps, database size and last save, and which tab is live. Only one tab records at a time.',
  },
];

export function helpFor(id: HelpTopicId): HelpTopic {
  return HELP[id];
}

/** Topic ids of one group, in HELP_TOPIC_IDS order. */
export function topicsIn(group: HelpGroup): HelpTopicId[] {
  return HELP_TOPIC_IDS.filter((id) => HELP[id].group === group);
}
