// Why: the export tests read our own CSVs back by hand (they never need quoting) and check every number cell
// the same way: empty for NaN, otherwise a plain decimal that parses back to the same double.
import { expect } from 'vitest';

/** Splits one of our CSVs (CRLF rows, no quoted fields) into its header and rows. */
export function parseOurCsv(text: string): { header: string[]; rows: string[][] } {
  expect(text.endsWith('\r\n')).toBe(true);
  expect(text).not.toContain('"');
  const lines = text.slice(0, -2).split('\r\n');
  return { header: lines[0].split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

/** What a cell must hold for a number: '' for NaN, otherwise a plain decimal that parses back exactly. */
export function expectNumberCell(cell: string, value: number): void {
  if (Number.isNaN(value)) {
    expect(cell).toBe('');
    return;
  }
  expect(cell).toMatch(/^-?\d+(\.\d+)?$/);
  expect(Number(cell)).toBe(value);
}
