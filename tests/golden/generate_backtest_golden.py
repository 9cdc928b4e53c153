#!/usr/bin/python3
"""Generate the golden fixtures for src/analytics/backtest (run with /usr/bin/python3: numpy, statsmodels).

Why: the TypeScript backtest must match an independent implementation of the written rules (the issue's
spec, not a port of the TypeScript). This is a plain-loop reference in three separate passes (decide the
positions, then account bar PnL and fees, then cut trades out of the event list) on real BTCUSDT/ETHUSDT
bars built from the trades fixture, with a rolling-OLS beta (numpy lstsq per window) or a static beta and a
rolling z-score computed here, plus hand-made cases for every rule, plus the causal robust hedge (statsmodels
RLM HuberT on each trailing window t-w+1..t, like rolling OLS). The TypeScript tests only read the JSON.

Rules implemented (see src/analytics/backtest/backtest.ts):
  * decision at the close of bar t from z[t]; position before bar 0 is flat; NaN z holds the position;
  * flat: short (-1) if z > entry, long (+1) if z < -entry (strict); long exits if z >= -exit, short exits
    if z <= exit; after an exit the opposite entry is tested on the same bar (flip);
  * an entry locks beta[t]; a non-finite beta[t] blocks the entry;
  * pnl[t] = p[t-1] * ((y[t]-y[t-1]) - b*(x[t]-x[t-1])); fee = feeBps/1e4 * (y + |b| x) per closed or
    opened position at that bar; equity = running sum of (pnl - fee);
  * trade net = sum of its bar pnl - entry fee - exit fee; the open trade at the end: net of entry fee,
    barsHeld = (n-1) - entry index, exit fields NaN;
  * summary: see summarize().

Usage: /usr/bin/python3 tests/golden/generate_backtest_golden.py
"""
import csv
import json
import math
import os
import statistics

import warnings

import numpy as np
import statsmodels.api as sm

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.path.join(ROOT, "tests", "fixtures", "binance-um-2024-07-18")
OUT = os.path.join(ROOT, "tests", "fixtures", "golden")
NAN = float("nan")


def f(v):
    """JSON-safe float (NaN/inf become None; the TS loader maps null back to NaN)."""
    v = float(v)
    return v if math.isfinite(v) else None


def flist(a):
    return [f(v) for v in a]


# ------------------------------------------------------------------------------------------- real bars
def read_trades(symbol):
    rows = []
    with open(os.path.join(DATA, f"{symbol}-trades.csv"), newline="") as fh:
        for r in csv.DictReader(fh):
            rows.append((int(r["time"]), float(r["price"])))
    return rows


def closes(trades, step_ms):
    """Close = last trade of each bucket floor(T / step) * step."""
    out = {}
    for t, p in trades:
        out[(t // step_ms) * step_ms] = p
    return out


def inner_join(a, b):
    times = sorted(set(a) & set(b))
    return times, [a[t] for t in times], [b[t] for t in times]


def rolling_ols_beta(y, x, w):
    """beta[t] from lstsq of y on [1, x] over rows t-w+1..t (NaN before the window fills)."""
    n = len(y)
    beta, alpha = [NAN] * n, [NAN] * n
    for t in range(w - 1, n):
        ys = np.array(y[t - w + 1 : t + 1])
        xs = np.array(x[t - w + 1 : t + 1])
        if np.ptp(xs) == 0:
            continue
        a = np.column_stack([np.ones(w), xs])
        coef = np.linalg.lstsq(a, ys, rcond=None)[0]
        alpha[t], beta[t] = float(coef[0]), float(coef[1])
    return alpha, beta


def rolling_huber(y, x, w):
    """statsmodels RLM(HuberT()).fit() (defaults: t=1.345, MAD scale, maxiter 50, tol 1e-8) of y on [1, x]
    over rows t-w+1..t, the rolling OLS window: alpha[t], beta[t] and spread[t] = y[t] - alpha[t] -
    beta[t]*x[t] (NaN before the window fills or where x is constant in the window), and statsmodels'
    iteration count (50 = stopped at maxiter with the deviance still oscillating; a few 1 s windows where a
    leg only moves by one tick)."""
    n = len(y)
    alpha, beta, spread, iterations = [NAN] * n, [NAN] * n, [NAN] * n, [0] * n
    for t in range(w - 1, n):
        # Fitted on the window's prices minus its first price: the same M-estimate (the residuals, hence the
        # weights, are invariant to shifting y and x when there is a constant), but [1, x] with x ≈ 3425 ± 0.01
        # is so ill-conditioned that the uncentred fit loses ~1e-6 in alpha and the spread.
        y0, x0 = float(y[t - w + 1]), float(x[t - w + 1])
        ys = np.array(y[t - w + 1 : t + 1], dtype=float) - y0
        xs = np.array(x[t - w + 1 : t + 1], dtype=float) - x0
        if np.ptp(xs) == 0:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r = sm.RLM(ys, sm.add_constant(xs, has_constant="add"), M=sm.robust.norms.HuberT()).fit()
        a_c, beta[t] = float(r.params[0]), float(r.params[1])
        alpha[t] = y0 + a_c - beta[t] * x0
        spread[t] = float(ys[-1] - a_c - beta[t] * xs[-1])
        iterations[t] = int(r.fit_history["iteration"])
    return alpha, beta, spread, iterations


def rolling_z(s, w):
    """(s[t] - mean) / std(ddof=1) over s[t-w+1..t]; NaN if incomplete, any NaN inside, or std = 0."""
    out = [NAN] * len(s)
    for t in range(w - 1, len(s)):
        win = s[t - w + 1 : t + 1]
        if any(math.isnan(v) for v in win):
            continue
        m = sum(win) / w
        sd = math.sqrt(sum((v - m) ** 2 for v in win) / (w - 1))
        if sd > 0:
            out[t] = (s[t] - m) / sd
    return out


# -------------------------------------------------------------------------------------- the reference
def decide(z, beta_at, entry, exit_):
    """Pass 1: positions and events. Returns pos[t], locked[t] and events (t, kind, side, b)."""
    n = len(z)
    pos = [0] * n
    locked = [NAN] * n
    events = []
    cur, b = 0, NAN
    for t in range(n):
        zt = z[t]
        if not math.isnan(zt):
            if cur == 1 and zt >= -exit_:
                events.append((t, "close", cur, b))
                cur, b = 0, NAN
            elif cur == -1 and zt <= exit_:
                events.append((t, "close", cur, b))
                cur, b = 0, NAN
            if cur == 0:
                want = -1 if zt > entry else (1 if zt < -entry else 0)
                bt = beta_at(t)
                if want != 0 and math.isfinite(bt):
                    cur, b = want, bt
                    events.append((t, "open", cur, b))
        pos[t] = cur
        locked[t] = b
    return pos, locked, events


def account(y, x, pos, locked, events, fee_bps):
    """Pass 2: bar pnl, fees and equity."""
    n = len(y)
    pnl = [0.0] * n
    fee = [0.0] * n
    for t in range(1, n):
        if pos[t - 1] != 0:
            pnl[t] = pos[t - 1] * ((y[t] - y[t - 1]) - locked[t - 1] * (x[t] - x[t - 1]))
    rate = fee_bps / 10000
    event_fee = []
    for t, kind, side, b in events:  # closes come before opens within a bar, as in pass 1
        c = rate * (y[t] + abs(b) * x[t])
        fee[t] += c
        event_fee.append(c)
    equity = []
    e = 0.0
    for t in range(n):
        e += pnl[t] - fee[t]
        equity.append(e)
    return pnl, fee, equity, event_fee


def cut_trades(time, z, pnl, events, event_fee, n):
    """Pass 3: one trade per open event, closed by the next close event."""
    trades = []
    k = 0
    while k < len(events):
        t0, kind, side, b = events[k]
        assert kind == "open"
        closing = events[k + 1] if k + 1 < len(events) else None
        if closing is not None:
            t1 = closing[0]
            gross = sum(pnl[t0 + 1 : t1 + 1])
            fees = event_fee[k] + event_fee[k + 1]
            trades.append(
                dict(side=side, entryIndex=t0, entryTime=time[t0], entryZ=z[t0], exitIndex=t1, exitTime=time[t1],
                     exitZ=z[t1], hedgeRatio=b, barsHeld=t1 - t0, grossPnl=gross, fees=fees,
                     netPnl=gross - event_fee[k] - event_fee[k + 1], open=False)
            )
            k += 2
        else:
            gross = sum(pnl[t0 + 1 : n])
            trades.append(
                dict(side=side, entryIndex=t0, entryTime=time[t0], entryZ=z[t0], exitIndex=NAN, exitTime=NAN,
                     exitZ=NAN, hedgeRatio=b, barsHeld=n - 1 - t0, grossPnl=gross, fees=event_fee[k],
                     netPnl=gross - event_fee[k], open=True)
            )
            k += 1
    return trades


def summarize(case, pos, pnl, fee, equity, trades):
    n = len(pos)
    closed = [tr for tr in trades if not tr["open"]]
    wins = sum(1 for tr in closed if tr["netPnl"] > 0)
    peak, mdd = 0.0, 0.0
    for e in equity:
        peak = max(peak, e)
        mdd = max(mdd, peak - e)
    r = [pnl[t] - fee[t] for t in range(1, n)]
    sharpe = 0.0
    if len(r) >= 2:
        sd = statistics.stdev(r)  # ddof 1, exact-rational internally
        if sd > 0:
            sharpe = statistics.fmean(r) / sd * math.sqrt(case["barsPerYear"])
    return dict(
        n=n, entry=case["entry"], exit=case["exit"], feeBps=case.get("feeBps", 0),
        netPnl=equity[-1] if n else 0.0, grossPnl=math.fsum(pnl), fees=math.fsum(fee),
        trades=len(trades), closedTrades=len(closed), openTrade=any(tr["open"] for tr in trades), wins=wins,
        winRate=wins / len(closed) if closed else NAN,
        avgTrade=math.fsum(tr["netPnl"] for tr in trades) / len(trades) if trades else NAN,
        maxDrawdown=mdd, sharpe=sharpe,
        exposure=sum(1 for p in pos if p != 0) / n if n else 0.0,
        avgHoldingBars=sum(tr["barsHeld"] for tr in closed) / len(closed) if closed else NAN,
        avgHoldingMs=sum(tr["exitTime"] - tr["entryTime"] for tr in closed) / len(closed) if closed else NAN,
    )


def reference(case):
    beta = case["beta"]
    beta_at = (lambda t: beta) if isinstance(beta, (int, float)) else (lambda t: beta[t])
    z, y, x, time = case["zscore"], case["y"], case["x"], case["time"]
    pos, locked, events = decide(z, beta_at, case["entry"], case["exit"])
    pnl, fee, equity, event_fee = account(y, x, pos, locked, events, case.get("feeBps", 0))
    trades = cut_trades(time, z, pnl, events, event_fee, len(z))
    summary = summarize(case, pos, pnl, fee, equity, trades)
    return dict(
        bars=dict(position=pos, hedge=flist(locked), pnl=flist(pnl), fee=flist(fee), equity=flist(equity)),
        trades=[{k: (f(v) if isinstance(v, float) else v) for k, v in tr.items()} for tr in trades],
        summary={k: (f(v) if isinstance(v, float) else v) for k, v in summary.items()},
    )


def encode_case(name, case):
    inp = dict(case)
    inp["zscore"] = flist(case["zscore"])
    if not isinstance(case["beta"], (int, float)):
        inp["beta"] = flist(case["beta"])
    return dict(name=name, input=inp, expected=reference(case))


# ------------------------------------------------------------------------------------------- the cases
def minute_times(n):
    return [1721347020000 + 60000 * i for i in range(n)]


def hand_cases():
    cases = []

    def add(name, z, y=None, x=None, beta=2.0, entry=2.0, exit_=0.5, fee=0.0, bpy=525600):
        n = len(z)
        y = y or [100.0 + ((i * 37) % 11) * 0.5 - 0.1 * i for i in range(n)]
        x = x or [50.0 + ((i * 53) % 7) * 0.25 + 0.05 * i for i in range(n)]
        cases.append((name, dict(time=minute_times(n), y=y, x=x, beta=beta, zscore=z, entry=entry, exit=exit_,
                                 feeBps=fee, barsPerYear=bpy)))

    add("flip long to short to long with fees", [0, -2.5, -1, 2.6, 1, -3, -0.2, 0.1, 0], fee=4)
    add("NaN z holds the position (flat, long and short)", [NAN, -2.1, NAN, NAN, -1, 0, NAN, 2.2, NAN, 0.4, NAN])
    add("entry hit exactly does not open; exit hit exactly closes",
        [2.0, -2.0, 2.0000001, 1.0, 0.5, -2.5, -0.5, 0, -2.0, 2.0], entry=2.0, exit_=0.5)
    add("exit = 0 holds until the z-score crosses zero", [-2.5, -1, -0.1, 0, 3, 1, 0.0001, 0, -0.0001], exit_=0.0)
    add("open trade at the end is reported net of its entry fee", [0, 0, 2.5, 1.0, 0.8, 0.7], fee=10)
    add("a position opened at bar 0 pays its fee at bar 0", [-2.5, -1, 0, 2.5, 2.5, 0], fee=5)
    add("no signal at all gives no trades and a zero Sharpe", [NAN, 0, 1, -1, NAN, 0.5])
    add(
        "dynamic beta is locked at entry; NaN beta blocks an entry; negative beta costs |b|",
        [-2.5, -1, 0, 2.5, 0, -2.5, 0, 2.5, -2.5, 0.3, -3, 0],
        beta=[1.5, 1.7, 1.9, NAN, 2.1, -0.8, -0.9, 2.4, 2.5, NAN, 2.7, 2.8],
        fee=2.5,
    )
    add("a flip whose new side has NaN beta ends flat", [-2.5, 2.5, 0, 2.5, -2.5, 0],
        beta=[1.0, NAN, 1.2, 1.3, NAN, 1.4], fee=1)
    add("single bar", [3.0], fee=3)

    # a longer random case: random walks, a noisy z with NaN runs, dynamic beta with gaps, fees
    rng = np.random.default_rng(20240718)
    n = 500
    x = list(np.round(3400 + np.cumsum(rng.normal(0, 1.5, n)), 2))
    y = list(np.round(18.6 * np.array(x) + 800 + np.cumsum(rng.normal(0, 3, n)), 1))
    z = list(np.round(np.cumsum(rng.normal(0, 0.6, n)) * 0.3 + rng.normal(0, 1.2, n), 3))
    beta = list(18.6 + np.cumsum(rng.normal(0, 0.01, n)))
    for i in range(n):
        if rng.random() < 0.05:
            z[i] = NAN
        if rng.random() < 0.03:
            beta[i] = NAN
    add("random walk prices, noisy z with NaN, dynamic beta with gaps, fees",
        [float(v) for v in z], y=[float(v) for v in y], x=[float(v) for v in x], beta=[float(v) for v in beta],
        entry=1.5, exit_=0.25, fee=3.0, bpy=31536000)
    return cases


def real_cases():
    btc, eth = read_trades("BTCUSDT"), read_trades("ETHUSDT")
    cases = []
    for label, step, w, bpy, runs in (
        ("1s", 1000, 30, 31536000, [(2.0, 0.5, 0.0), (1.5, 0.0, 2.0), (1.0, 0.25, 1.0)]),
        ("1m", 60000, 3, 525600, [(1.0, 0.2, 0.0), (0.9, 0.0, 5.0)]),
    ):
        time, y, x = inner_join(closes(btc, step), closes(eth, step))
        if label == "1s":
            alpha, beta = rolling_ols_beta(y, x, w)
            spread = [NAN if math.isnan(beta[t]) else y[t] - alpha[t] - beta[t] * x[t] for t in range(len(y))]
            beta_in, kind = beta, f"rolling OLS beta w={w}"
        else:
            # static beta (a whole-window fit: look-ahead, but a valid input for the rules)
            a = np.column_stack([np.ones(len(x)), np.array(x)])
            coef = np.linalg.lstsq(a, np.array(y), rcond=None)[0]
            spread = [y[t] - coef[0] - coef[1] * x[t] for t in range(len(y))]
            beta_in, kind = float(coef[1]), "static OLS beta"
        z = rolling_z(spread, w)
        for entry, exit_, fee in runs:
            name = f"{label} BTC/ETH closes from trades, {kind}, z w={w}, entry {entry}, exit {exit_}, fee {fee} bps"
            cases.append((name, dict(time=time, y=y, x=x, beta=beta_in, zscore=z, entry=entry, exit=exit_,
                                     feeBps=fee, barsPerYear=bpy)))
    return cases


def rolling_huber_cases():
    """Real 1 s closes with the causal robust hedge: beta and z from the trailing-window Huber fits. Each case
    also carries the fits (window, alpha, beta, spread) so the TypeScript rolling Huber is checked against
    statsmodels directly, not only through the backtest."""
    btc, eth = read_trades("BTCUSDT"), read_trades("ETHUSDT")
    time, y, x = inner_join(closes(btc, 1000), closes(eth, 1000))
    w = 30
    alpha, beta, spread, iterations = rolling_huber(y, x, w)
    z = rolling_z(spread, w)
    cases = []
    for entry, exit_, fee in ((2.0, 0.5, 0.0), (1.5, 0.0, 4.5)):
        name = f"1s BTC/ETH closes from trades, rolling Huber beta w={w}, z w={w}, entry {entry}, exit {exit_}, fee {fee} bps"
        cases.append((name, dict(time=time, y=y, x=x, beta=beta, zscore=z, entry=entry, exit=exit_, feeBps=fee,
                                 barsPerYear=31536000),
                      dict(window=w, alpha=flist(alpha), beta=flist(beta), spread=flist(spread),
                           iterations=iterations)))
    return cases


def write(name, cases):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name)
    out = [dict(encode_case(c[0], c[1]), **({"huber": c[2]} if len(c) > 2 else {})) for c in cases]
    with open(path, "w") as fh:
        json.dump({"cases": out}, fh, separators=(",", ":"), allow_nan=False)
    print(f"wrote {path} ({os.path.getsize(path) / 1024:.0f} KiB)")
    for c in out:
        s = c["expected"]["summary"]
        print(f"  {c['name']}: n={s['n']} trades={s['trades']} closed={s['closedTrades']} net={s['netPnl']}")


def main():
    write("backtest-handmade.json", hand_cases())
    write("backtest-real.json", real_cases())
    write("backtest-rolling-huber.json", rolling_huber_cases())


if __name__ == "__main__":
    main()
