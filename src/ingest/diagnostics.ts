// Why: malformed frames, control replies and exchange errors must never break the receive loop, but a trader
// (and whoever debugs the feed) needs to see them: count by kind, keep the last few examples per kind.
import { MALFORMED_REASONS, type MalformedReason } from './frames';

export type DiagnosticKind =
  | 'malformed'
  | 'control'
  | 'error'
  | 'duplicate'
  | 'gap'
  | 'overlap'
  | 'route-silent' // a socket opened but delivered no trade before the data timeout
  | 'watchdog' // a live socket went silent for too long
  | 'socket'; // socket error / close / factory failure

export const DIAGNOSTIC_KINDS: readonly DiagnosticKind[] = [
  'malformed',
  'control',
  'error',
  'duplicate',
  'gap',
  'overlap',
  'route-silent',
  'watchdog',
  'socket',
];

export interface DiagnosticExample {
  kind: DiagnosticKind;
  reason: string;
  /** The raw frame or a description, truncated to `EXAMPLE_CHARS`. */
  text: string;
  at: number;
}

export interface DiagnosticsSnapshot {
  counts: Record<DiagnosticKind, number>;
  malformedByReason: Record<MalformedReason, number>;
  /** Last `EXAMPLES_PER_KIND` examples of each kind, oldest first. */
  examples: DiagnosticExample[];
}

export const EXAMPLES_PER_KIND = 5;
export const EXAMPLE_CHARS = 200;

export function truncate(text: string, max = EXAMPLE_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function zeroCounts<K extends string>(keys: readonly K[]): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const k of keys) out[k] = 0;
  return out;
}

export class DiagnosticsRecorder {
  private readonly counts = zeroCounts(DIAGNOSTIC_KINDS);
  private readonly byReason = zeroCounts(MALFORMED_REASONS);
  private readonly examples = new Map<DiagnosticKind, DiagnosticExample[]>();

  constructor(private readonly now: () => number) {}

  record(kind: DiagnosticKind, reason: string, text: string): void {
    this.counts[kind]++;
    if (kind === 'malformed' && reason in this.byReason) this.byReason[reason as MalformedReason]++;
    let list = this.examples.get(kind);
    if (!list) this.examples.set(kind, (list = []));
    if (list.length === EXAMPLES_PER_KIND) list.shift();
    list.push({ kind, reason: truncate(reason), text: truncate(text), at: this.now() });
  }

  /** Count without keeping an example (for events too frequent to be worth one each). */
  count(kind: DiagnosticKind, n = 1): void {
    this.counts[kind] += n;
  }

  countsSnapshot(): Record<DiagnosticKind, number> {
    return { ...this.counts };
  }

  snapshot(): DiagnosticsSnapshot {
    const examples: DiagnosticExample[] = [];
    for (const list of this.examples.values()) for (const e of list) examples.push({ ...e });
    examples.sort((a, b) => a.at - b.at);
    return { counts: { ...this.counts }, malformedByReason: { ...this.byReason }, examples };
  }
}
