// Why: files and stored strings are hostile until proven otherwise. One parser for every importer that has
// no rules of its own: size and nesting are checked before JSON.parse runs, and keys that could reach an
// object's prototype (`__proto__`, `constructor`, `prototype`) are refused at any depth, so a later
// spread or merge of the result cannot pollute Object.prototype.

import { formatSize, formatSizeOver } from '../domain/byteSize';

export interface SafeJsonLimits {
  /** UTF-8 size limit of the text. */
  maxBytes: number;
  /** Deepest nesting of arrays/objects allowed; a bare value has depth 0, `{}` depth 1. */
  maxDepth: number;
}

export type SafeJsonResult = { ok: true; value: unknown } | { ok: false; message: string };

export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Deepest bracket nesting outside strings; stops counting once past the limit. */
function nestingDepth(text: string, stopAfter: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > stopAfter) return max;
      }
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return max;
}

function pathOf(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (acc, key) =>
      typeof key === 'number'
        ? `${acc}[${key}]`
        : /^[A-Za-z_$][\w$]*$/.test(key)
          ? `${acc}.${key}`
          : `${acc}[${JSON.stringify(key)}]`,
    '$',
  );
}

/** The path of the first forbidden key in a parsed JSON value, or null. Iterative: no recursion limit. */
function findForbiddenKey(value: unknown): string | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (Array.isArray(item.value)) {
      item.value.forEach((child, i) => stack.push({ value: child, path: [...item.path, i] }));
    } else if (typeof item.value === 'object' && item.value !== null) {
      for (const key of Object.keys(item.value)) {
        if (FORBIDDEN_KEYS.includes(key)) return pathOf([...item.path, key]);
        stack.push({ value: (item.value as Record<string, unknown>)[key], path: [...item.path, key] });
      }
    }
  }
  return null;
}

/**
 * JSON.parse with limits: refuses text over `maxBytes`, nesting over `maxDepth`, invalid JSON and any
 * `__proto__`/`constructor`/`prototype` key, each with a message a user can act on. On success the value
 * is made of plain objects, arrays and primitives (JSON.parse creates `__proto__` as an own data
 * property, never as a prototype, and such keys are refused anyway).
 */
export function parseJsonSafely(text: string, limits: SafeJsonLimits): SafeJsonResult {
  if (typeof text !== 'string') return { ok: false, message: 'Expected text.' };
  // Every UTF-16 unit is at least one UTF-8 byte: a cheap bound before the exact count.
  const bytes = text.length > limits.maxBytes ? text.length : utf8Length(text);
  if (bytes > limits.maxBytes) {
    return {
      ok: false,
      message: `The file is too large: ${formatSizeOver(bytes, limits.maxBytes, text.length > limits.maxBytes)}; the limit is ${formatSize(limits.maxBytes)}.`,
    };
  }
  if (nestingDepth(text, limits.maxDepth) > limits.maxDepth) {
    return { ok: false, message: `The JSON is nested more than ${limits.maxDepth} levels deep.` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  const forbidden = findForbiddenKey(value);
  if (forbidden !== null) {
    return { ok: false, message: `Refused the key at ${forbidden}: it could change how objects behave.` };
  }
  return { ok: true, value };
}
