import { describe, it, expect } from 'vitest';
import { csvCell, escapeCsvText, formatDecimal, toCsv } from '../../../src/csv';

describe('formula-injection escaping and RFC 4180 quoting', () => {
  it('prefixes text cells starting with =, +, -, @, tab or CR with an apostrophe', () => {
    expect(escapeCsvText('=1+1')).toBe("'=1+1");
    expect(escapeCsvText('+cmd')).toBe("'+cmd");
    expect(escapeCsvText('-2+3')).toBe("'-2+3");
    expect(escapeCsvText('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(escapeCsvText('\tx')).toBe("'\tx");
    expect(escapeCsvText('\rx')).toBe('"\'\rx"');
    expect(escapeCsvText('BTCUSDT')).toBe('BTCUSDT');
  });

  it('neutralises a HYPERLINK formula and quotes its embedded double quotes', () => {
    expect(escapeCsvText('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(toCsv(['note'], [['=HYPERLINK("http://x")']])).toBe('note\r\n"\'=HYPERLINK(""http://x"")"\r\n');
  });

  it('quotes text holding commas, quotes or line breaks', () => {
    expect(escapeCsvText('a,b')).toBe('"a,b"');
    expect(escapeCsvText('say "hi"')).toBe('"say ""hi"""');
    expect(escapeCsvText('two\nlines')).toBe('"two\nlines"');
  });

  it('writes numbers as plain numbers and never escapes a negative number', () => {
    expect(csvCell(-1.5)).toBe('-1.5');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(NaN)).toBe('');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(null)).toBe('');
    expect(toCsv(['a', 'b'], [[-3, 'x,y']])).toBe('a,b\r\n-3,"x,y"\r\n');
  });

  it('formats small and large numbers as plain decimals without exponent notation, exactly', () => {
    expect(formatDecimal(1e-7)).toBe('0.0000001');
    expect(formatDecimal(1.5e-10)).toBe('0.00000000015');
    expect(formatDecimal(-2.5e-8)).toBe('-0.000000025');
    expect(formatDecimal(1e21)).toBe('1000000000000000000000');
    expect(formatDecimal(1.234e22)).toBe('12340000000000000000000');
    expect(formatDecimal(-0)).toBe('0');
    expect(formatDecimal(63930.3)).toBe('63930.3');
    for (const x of [1e-7, 3.3e-9, 123456789e-15, 9.87654321e25, 0.1 + 0.2]) {
      expect(formatDecimal(x)).not.toMatch(/e/i);
      expect(Number(formatDecimal(x))).toBe(x);
    }
  });
});
