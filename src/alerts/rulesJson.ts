// Why: rule files come from other people's machines, so parsing is defensive end to end: a byte limit
// before JSON.parse, a scan that rejects prototype-polluting keys at any depth, a versioned envelope, strict
// per-rule validation (validate.ts) and error messages that name the rule (1-based) and the field.
import type { AlertRule } from './types';
import { formatSize, formatSizeOver } from '../domain/byteSize';
import { FORBIDDEN_KEYS, isPlainObject, own, show, validateRule } from './validate';

export const RULES_FORMAT = 'pairs-lab-alert-rules';
export const RULES_VERSION = 1;
export const MAX_RULES_BYTES = 1024 * 1024;
export const MAX_RULES = 1_000;
const MAX_DEPTH = 16;
const MAX_ERRORS = 50;
const ENVELOPE_KEYS: readonly string[] = ['format', 'version', 'rules'];

export type ParseRulesResult = { ok: true; rules: AlertRule[] } | { ok: false; errors: string[] };

/** Serialise rules in the versioned envelope; fields are copied one by one in a fixed order. */
export function exportRules(rules: readonly AlertRule[]): string {
  const out = rules.map((r) => {
    const o: Record<string, unknown> = {
      id: r.id,
      name: r.name,
      pair: { y: r.pair.y, x: r.pair.x },
    };
    if (r.symbol !== undefined) o.symbol = r.symbol;
    o.timeframe = r.timeframe;
    o.method = r.method;
    o.window = r.window;
    o.metric = r.metric;
    o.condition = r.condition;
    o.threshold = r.threshold;
    if (r.hysteresis !== undefined) o.hysteresis = r.hysteresis;
    if (r.cooldownMs !== undefined) o.cooldownMs = r.cooldownMs;
    o.enabled = r.enabled;
    return o;
  });
  return `${JSON.stringify({ format: RULES_FORMAT, version: RULES_VERSION, rules: out }, null, 2)}\n`;
}

/** UTF-8 length without allocating an encoded copy. */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4; // surrogate pair
      i++;
    } else n += 3;
  }
  return n;
}

/** Iterative walk (no recursion limit to hit) for forbidden keys and absurd nesting. */
function scanHostile(root: unknown): string | null {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: root, path: '$', depth: 0 }];
  while (stack.length > 0) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > MAX_DEPTH) return `the file is nested deeper than ${MAX_DEPTH} levels at ${path}`;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push({ v: v[i], path: `${path}[${i}]`, depth: depth + 1 });
      continue;
    }
    for (const k of Object.keys(v)) {
      if (FORBIDDEN_KEYS.includes(k)) return `forbidden key ${show(k)} at ${path}`;
      stack.push({
        v: own(v, k),
        path: `${path}.${k.length > 40 ? `${k.slice(0, 40)}…` : k}`,
        depth: depth + 1,
      });
    }
  }
  return null;
}

const fail = (...errors: string[]): ParseRulesResult => ({ ok: false, errors });

export function parseRules(text: unknown): ParseRulesResult {
  if (typeof text !== 'string') return fail('the rules file must be text');
  // a string longer than the limit is over it in UTF-8 too; skip counting bytes of a huge input
  const bytes = text.length > MAX_RULES_BYTES ? text.length : utf8Length(text);
  if (bytes > MAX_RULES_BYTES) {
    return fail(
      `the rules file is too large (${formatSizeOver(bytes, MAX_RULES_BYTES, text.length > MAX_RULES_BYTES)}; the limit is ${formatSize(MAX_RULES_BYTES)})`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return fail(
      `the rules file is not valid JSON: ${e instanceof Error ? e.message.slice(0, 200) : 'parse error'}`,
    );
  }
  const hostile = scanHostile(data);
  if (hostile) return fail(`rejected: ${hostile}`);
  if (!isPlainObject(data))
    return fail(`expected an object {"format": "${RULES_FORMAT}", …} (got ${show(data)})`);
  const format = own(data, 'format');
  if (format !== RULES_FORMAT) return fail(`format must be "${RULES_FORMAT}" (got ${show(format)})`);
  const version = own(data, 'version');
  if (version !== RULES_VERSION) {
    return fail(`unsupported version ${show(version)}: this app reads version ${RULES_VERSION}`);
  }
  const errors: string[] = [];
  for (const k of Object.keys(data))
    if (!ENVELOPE_KEYS.includes(k)) errors.push(`unknown top-level field ${show(k)}`);
  const list = own(data, 'rules');
  if (!Array.isArray(list)) return fail(...errors, `rules must be an array (got ${show(list)})`);
  if (list.length > MAX_RULES) return fail(`too many rules: ${list.length} (the limit is ${MAX_RULES})`);
  const rules: AlertRule[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < list.length; i++) {
    const label = `rule ${i + 1}`;
    const check = validateRule(list[i], label);
    if (!check.ok) {
      errors.push(...check.errors);
      continue;
    }
    const first = seen.get(check.rule.id);
    if (first !== undefined) errors.push(`${label}: id ${show(check.rule.id)} duplicates rule ${first}`);
    else seen.set(check.rule.id, i + 1);
    rules.push(check.rule);
  }
  if (errors.length > 0) {
    const shown = errors.slice(0, MAX_ERRORS);
    if (errors.length > MAX_ERRORS) shown.push(`… and ${errors.length - MAX_ERRORS} more errors`);
    return { ok: false, errors: shown };
  }
  return { ok: true, rules };
}
