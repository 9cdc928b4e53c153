// Why: the fit in numbers a quant checks first (β, α, R², scale, ADF with critical values) and a verdict
// in plain language, with warnings when the fit looks ahead or the sample is too small.
import { useAppStore } from '../storeContext';
import { formatNumber } from '../format';
import { adfVerdict, modelWarnings } from './modelText';
import { InfoTip } from '../help/InfoTip';
import { docHref } from '../../help/docLinks';

/** The guide's section on the model card (built like the info tips' "Read more" links). */
const MODEL_GUIDE = docHref('guide.md#model-card');

const METHOD_NAMES = {
  ols: 'OLS',
  huber: 'Robust (Huber)',
  kalman: 'Kalman filter',
  rollingOls: 'Rolling OLS',
} as const;

function lastIndex(a: Float64Array): number {
  for (let i = a.length - 1; i >= 0; i--) if (Number.isFinite(a[i])) return i;
  return -1;
}

function last(a: Float64Array): number {
  const i = lastIndex(a);
  return i < 0 ? NaN : a[i];
}

export function ModelCard() {
  const analytics = useAppStore((s) => s.analytics);
  const error = useAppStore((s) => s.analyticsError);
  const view = useAppStore((s) => s.settings.view);
  if (!analytics) {
    return (
      <section className="panel" aria-label="Model">
        <h2>Model</h2>
        <p className="muted">{error ?? 'No pair analytics yet: two symbols with bars are needed.'}</p>
      </section>
    );
  }
  const p = analytics.pair;
  const fit = p.staticFit;
  const verdict = adfVerdict(p);
  const warnings = modelWarnings(p, view.window);
  const lookAheadWarning = p.lookAhead ? warnings[0] : undefined;
  return (
    <section className="panel" aria-label="Model">
      <h2>
        Model: {METHOD_NAMES[p.method]} on {p.priceTransform === 'log' ? 'log prices' : 'prices'} · {p.n} bars
      </h2>
      <dl className="kv model">
        <dt>
          β (hedge ratio) <InfoTip topic="beta" />
        </dt>
        <dd data-testid="model-beta">{formatNumber(fit ? fit.beta : last(p.beta))}</dd>
        <dt>
          α (intercept) <InfoTip topic="alpha" />
        </dt>
        <dd>{formatNumber(fit ? fit.alpha : last(p.alpha))}</dd>
        {fit?.rSquared !== null && fit?.rSquared !== undefined && (
          <>
            <dt>
              R² <InfoTip topic="rSquared" />
            </dt>
            <dd>{formatNumber(fit.rSquared, 6)}</dd>
          </>
        )}
        {fit?.betaStdErr !== null && fit?.betaStdErr !== undefined && (
          <>
            <dt>
              std err β <InfoTip topic="betaStdErr" />
            </dt>
            <dd>{formatNumber(fit.betaStdErr, 4)}</dd>
          </>
        )}
        {fit?.scale !== null && fit?.scale !== undefined && (
          <>
            <dt>
              Huber scale <InfoTip topic="huberScale" />
            </dt>
            <dd>
              {formatNumber(fit.scale, 6)} ({fit.iterations} iterations)
            </dd>
          </>
        )}
        {p.method === 'kalman' && p.betaStd && (
          <>
            <dt>
              Kalman β ± 1σ (now) <InfoTip topic="beta" />
            </dt>
            <dd data-testid="model-beta-band">
              {formatNumber(last(p.beta))} ± {formatNumber(p.betaStd[lastIndex(p.beta)] ?? NaN, 4)}
            </dd>
          </>
        )}
        {p.method === 'kalman' && p.spreadStd && (
          <>
            <dt>
              Kalman spread band (±1σ) <InfoTip topic="kalmanBand" />
            </dt>
            <dd>± {formatNumber(last(p.spreadStd), 4)}</dd>
          </>
        )}
        <dt>
          spread (last) <InfoTip topic="spread" />
        </dt>
        <dd data-testid="model-spread">{formatNumber(last(p.spread), 4)}</dd>
        <dt>
          z-score (last) <InfoTip topic="zScore" />
        </dt>
        <dd data-testid="model-z">{formatNumber(last(p.zScore), 4)}</dd>
        <dt>
          ADF statistic <InfoTip topic="adfStatistic" />
        </dt>
        <dd data-testid="model-adf">{p.adf ? formatNumber(p.adf.statistic, 6) : '—'}</dd>
        <dt>
          ADF p-value <InfoTip topic="adfPValue" />
        </dt>
        <dd>{p.adf ? formatNumber(p.adf.pValue, 4) : '—'}</dd>
        {p.adf && (
          <>
            <dt>
              lag · nobs <InfoTip topic="adfLag" />
            </dt>
            <dd>
              {p.adf.usedLag} · {p.adf.nobs}
            </dd>
            <dt>
              critical values <InfoTip topic="adfCriticalValues" />
            </dt>
            <dd>
              1% {formatNumber(p.adf.criticalValues['1%'], 4)} · 5%{' '}
              {formatNumber(p.adf.criticalValues['5%'], 4)} · 10%{' '}
              {formatNumber(p.adf.criticalValues['10%'], 4)}
            </dd>
          </>
        )}
      </dl>
      <p className={`verdict ${verdict.tone}`} data-testid="verdict">
        {verdict.text} <InfoTip topic="adfVerdict" />
      </p>
      {warnings.map((w) => (
        <p key={w} className="warn" role="note">
          {w}
          {w === lookAheadWarning && <InfoTip topic="lookAhead" />}
        </p>
      ))}
      <p className="muted">
        <a href={MODEL_GUIDE} target="_blank" rel="noreferrer">
          How to read the model card (guide)
        </a>
      </p>
    </section>
  );
}
