import { describe, expect, it } from 'vitest';
import {
  PALETTE_DARK,
  PALETTE_LIGHT,
  isLight,
  parseColor,
  readTheme,
  resolveColor,
  withAlpha,
} from '../../../src/ui/charts/theme';

const light: Record<string, string> = {
  '--bg': '#f6f7f9',
  '--panel': '#ffffff',
  '--border': '#d5dbe2',
  '--text': '#17202a',
  '--muted': '#5b6776',
  '--accent': '#0f766e',
  '--accent-2': '#b45309',
  '--danger': '#b91c1c',
  '--ok': '#15803d',
};

describe('chart theme', () => {
  it('defaults to the dark theme and its palette when CSS variables are unset', () => {
    const t = readTheme(() => '');
    expect(t.mode).toBe('dark');
    expect(t.border).toBe('#2a3542');
    expect(t.palette).toBe(PALETTE_DARK);
  });

  it('reads the light theme from CSS variables and switches to the light-background palette', () => {
    const t = readTheme((n) => ` ${light[n] ?? ''} `);
    expect(t.mode).toBe('light');
    expect(t.muted).toBe('#5b6776');
    expect(t.palette).toBe(PALETTE_LIGHT);
  });

  it('resolves palette slots, CSS variable names and literal colors', () => {
    const t = readTheme(() => '');
    expect(resolveColor(undefined, 1, t)).toBe(PALETTE_DARK[1]);
    expect(resolveColor(PALETTE_DARK.length + 2, 0, t)).toBe(PALETTE_DARK[2]);
    expect(resolveColor('--danger', 0, t)).toBe('#f87171');
    expect(resolveColor('--unknown', 0, t)).toBe(t.text);
    expect(resolveColor('rebeccapurple', 0, t)).toBe('rebeccapurple');
  });

  it('parses hex and rgb colors, adds alpha, and tells light from dark backgrounds', () => {
    expect(parseColor('#fff')).toEqual([255, 255, 255, 1]);
    expect(parseColor('rgb(1, 2, 3)')).toEqual([1, 2, 3, 1]);
    expect(parseColor('hsl(1 2% 3%)')).toBeNull();
    expect(withAlpha('#2dd4bf', 0.5)).toBe('rgba(45, 212, 191, 0.5)');
    expect(withAlpha('teal', 0.5)).toBe('teal');
    expect(isLight('#f6f7f9')).toBe(true);
    expect(isLight('#0f1419')).toBe(false);
  });
});
