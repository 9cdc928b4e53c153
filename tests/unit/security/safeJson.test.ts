import { describe, expect, it } from 'vitest';
import { parseJsonSafely } from '../../../src/security/safeJson';

const limits = { maxBytes: 1024, maxDepth: 4 };

describe('parseJsonSafely', () => {
  it('parses ordinary JSON into plain values', () => {
    const r = parseJsonSafely('{"a":[1,"x",{"b":null}],"c":true}', limits);
    expect(r).toEqual({ ok: true, value: { a: [1, 'x', { b: null }], c: true } });
    if (r.ok) expect(Object.getPrototypeOf(r.value)).toBe(Object.prototype);
  });

  it('refuses oversized input with the size and the limit, counting UTF-8 bytes', () => {
    const r = parseJsonSafely(`"${'x'.repeat(2000)}"`, limits);
    expect(r).toEqual({
      ok: false,
      message: expect.stringMatching(/too large: at least 2 KB; the limit is 1 KB/),
    });
    // 400 characters of 3 bytes each = 1,200 bytes > 1,024 although the string is short.
    const wide = parseJsonSafely(`"${'€'.repeat(400)}"`, limits);
    expect(wide.ok).toBe(false);
    if (!wide.ok) expect(wide.message).toContain('1.2 KB');
  });

  it('refuses nesting deeper than the limit before parsing, ignoring brackets inside strings', () => {
    expect(parseJsonSafely('[[[[1]]]]', limits).ok).toBe(true);
    const deep = parseJsonSafely('[[[[[1]]]]]', limits);
    expect(deep).toEqual({ ok: false, message: 'The JSON is nested more than 4 levels deep.' });
    expect(parseJsonSafely('{"a":"[[[[[[[[[[\\"[[[["}', limits).ok).toBe(true);
    // A depth bomb far beyond any stack is refused without parsing it.
    const bomb = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(parseJsonSafely(bomb, { maxBytes: 1_000_000, maxDepth: 64 }).ok).toBe(false);
  });

  it.each([
    ['__proto__ at the top', '{"__proto__":{"polluted":1}}', '$.__proto__'],
    ['__proto__ deep in an array', '{"a":[{"b":{"__proto__":{"polluted":1}}}]}', '$.a[0].b.__proto__'],
    ['constructor.prototype', '{"constructor":{"prototype":{"polluted":1}}}', '$.constructor'],
    ['prototype', '{"x":{"prototype":1}}', '$.x.prototype'],
  ])('refuses %s and names where', (_name, text, path) => {
    const r = parseJsonSafely(text, { maxBytes: 1024, maxDepth: 8 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(path);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('accepts those words as values and as parts of longer keys', () => {
    expect(parseJsonSafely('{"name":"__proto__","constructorName":"x","my_prototype":1}', limits).ok).toBe(
      true,
    );
  });

  it('says what is wrong with invalid JSON', () => {
    const r = parseJsonSafely('{"a":', limits);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^Not valid JSON: /);
  });
});
