// Why: chart colors must follow the app's CSS variables (dark default, light via data-theme) and stay
// readable for colorblind users; resolving them is pure so tests need no DOM (see themeWatcher.ts for DOM).
import type { ColorRef } from './specs';

export type ThemeMode = 'dark' | 'light';

export interface ChartTheme {
  mode: ThemeMode;
  bg: string;
  panel: string;
  border: string;
  text: string;
  muted: string;
  accent: string;
  accent2: string;
  danger: string;
  ok: string;
  /** Colorblind-safe series palette (Okabe–Ito), ordered for contrast on this background. */
  palette: readonly string[];
  /** Lookup for `--name` color refs. */
  vars: Readonly<Record<string, string>>;
}

export const THEME_VARS = [
  '--bg',
  '--panel',
  '--border',
  '--text',
  '--muted',
  '--accent',
  '--accent-2',
  '--danger',
  '--ok',
] as const;

const DARK_DEFAULTS: Record<(typeof THEME_VARS)[number], string> = {
  '--bg': '#0f1419',
  '--panel': '#161d25',
  '--border': '#2a3542',
  '--text': '#d7dee7',
  '--muted': '#8493a5',
  '--accent': '#2dd4bf',
  '--accent-2': '#f59e0b',
  '--danger': '#f87171',
  '--ok': '#4ade80',
};

/** Okabe–Ito; the dark order drops deep blue to the end, the light order drops yellow and sky blue. */
export const PALETTE_DARK = [
  '#56B4E9',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#F0E442',
  '#D55E00',
  '#0072B2',
] as const;
export const PALETTE_LIGHT = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#000000',
] as const;

/** Parses #rgb / #rrggbb / rgb(a)(…) into [r, g, b, a]; null for anything else. */
export function parseColor(c: string): [number, number, number, number] | null {
  const s = c.trim();
  let m = /^#([0-9a-f]{3})$/i.exec(s);
  if (m) {
    const [r, g, b] = m[1].split('').map((h) => parseInt(h + h, 16));
    return [r, g, b, 1];
  }
  m = /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(s);
  if (m) {
    const n = parseInt(m[1], 16);
    const a = m[2] ? parseInt(m[2], 16) / 255 : 1;
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255, a];
  }
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)$/i.exec(s);
  if (m) {
    const a = m[4] == null ? 1 : m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
    return [Number(m[1]), Number(m[2]), Number(m[3]), a];
  }
  return null;
}

/** `color` at opacity `alpha` (as rgba) when parseable, else unchanged. */
export function withAlpha(color: string, alpha: number): string {
  const p = parseColor(color);
  return p ? `rgba(${p[0]}, ${p[1]}, ${p[2]}, ${alpha})` : color;
}

/** Relative luminance heuristic: is this a light background? */
export function isLight(color: string): boolean {
  const p = parseColor(color);
  if (!p) return false;
  return (0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2]) / 255 > 0.5;
}

/** Builds a theme from a CSS-variable getter (empty string = unset → dark default). */
export function readTheme(getVar: (name: string) => string): ChartTheme {
  const vars: Record<string, string> = {};
  for (const name of THEME_VARS) vars[name] = getVar(name).trim() || DARK_DEFAULTS[name];
  const mode: ThemeMode = isLight(vars['--bg']) ? 'light' : 'dark';
  return {
    mode,
    bg: vars['--bg'],
    panel: vars['--panel'],
    border: vars['--border'],
    text: vars['--text'],
    muted: vars['--muted'],
    accent: vars['--accent'],
    accent2: vars['--accent-2'],
    danger: vars['--danger'],
    ok: vars['--ok'],
    palette: mode === 'light' ? PALETTE_LIGHT : PALETTE_DARK,
    vars,
  };
}

export const DEFAULT_THEME: ChartTheme = readTheme(() => '');

/** Resolves a ColorRef; `fallbackIdx` picks a palette slot when `ref` is undefined. */
export function resolveColor(ref: ColorRef | undefined, fallbackIdx: number, theme: ChartTheme): string {
  const r = ref ?? fallbackIdx;
  if (typeof r === 'number')
    return theme.palette[((r % theme.palette.length) + theme.palette.length) % theme.palette.length];
  if (r.startsWith('--')) return theme.vars[r] ?? theme.text;
  return r;
}
