import { describe, expect, it } from 'vitest';
import { formatSize, formatSizeOver } from '../../../src/domain/byteSize';

describe('formatSize', () => {
  it('prints binary sizes with at most one decimal, so a limit of 512 * 1024 * 1024 bytes reads "512 MB"', () => {
    expect(formatSize(0)).toBe('0 bytes');
    expect(formatSize(1)).toBe('1 byte');
    expect(formatSize(1023)).toBe('1023 bytes');
    expect(formatSize(1024)).toBe('1 KB');
    expect(formatSize(1200)).toBe('1.2 KB');
    expect(formatSize(200 * 1024 * 1024)).toBe('200 MB');
    expect(formatSize(512 * 1024 * 1024)).toBe('512 MB');
    expect(formatSize(2_000_000)).toBe('1.9 MB');
    expect(formatSize(3 * 1024 * 1024 * 1024)).toBe('3 GB');
  });

  it('chooses the unit after rounding: just under 1 MB reads "1 MB", not "1024 KB", and likewise for GB', () => {
    expect(formatSize(1024 * 1024 - 1)).toBe('1 MB');
    expect(formatSize(1024 * 1024 - 52)).toBe('1023.9 KB');
    expect(formatSize(1024 * 1024 * 1024 - 1)).toBe('1 GB');
  });
});

describe('formatSizeOver', () => {
  it('says "over" when a refused size would print the same as its limit, and the plain size otherwise', () => {
    expect(formatSizeOver(512 * 1024 * 1024 + 1, 512 * 1024 * 1024)).toBe('over 512 MB');
    expect(formatSizeOver(600 * 1024 * 1024, 512 * 1024 * 1024)).toBe('600 MB');
  });

  it('says "at least" for a size that is only a lower bound, unless it prints as the limit', () => {
    expect(formatSizeOver(2 * 1024 * 1024, 1024 * 1024, true)).toBe('at least 2 MB');
    expect(formatSizeOver(1024 * 1024 + 10, 1024 * 1024, true)).toBe('over 1 MB');
  });
});
