// Why: a help topic nobody shows is help nobody reads. Every topic in src/help must be wired to a tip in
// the UI (`topic="id"` on InfoTip/HelpTerm, `help="id"` on a field); this fails when one is added or left
// behind without a place on screen.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HELP_TOPIC_IDS, TOUR_STEPS, type HelpTopicId } from '../../../src/help';

const root = join(import.meta.dirname, '..', '..', '..');
const SCANNED = ['src/ui', 'src/security'];

/**
 * Topics with no tip on screen yet, each with where it belongs. Remove an id once it is referenced: the
 * test below fails on a PENDING id that is already wired, so this list can only shrink.
 */
const PENDING: readonly HelpTopicId[] = [];

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'));
}

/** Topic ids a source passes to a tip: topic="id", help="id", topic={'id'} or help={'id'}. */
function referencedTopics(source: string): Set<string> {
  const ids = new Set<string>();
  for (const m of source.matchAll(/\b(?:topic|help)=(?:"([A-Za-z]+)"|\{\s*['"]([A-Za-z]+)['"]\s*\})/g))
    ids.add(m[1] ?? m[2]);
  return ids;
}

describe('help topics on screen', () => {
  const referenced = new Set(SCANNED.flatMap(sources).flatMap((s) => [...referencedTopics(s)]));

  it('finds topic="…", help="…" and the braced forms, and nothing else', () => {
    expect([
      ...referencedTopics(`<InfoTip topic="beta" /> <Field help="window"> <X topic={'alpha'} /> topicx="no"`),
    ]).toEqual(['beta', 'window', 'alpha']);
  });

  it('references every topic in src/help from src/ui or src/security, apart from the named pending ones', () => {
    const missing = HELP_TOPIC_IDS.filter((id) => !referenced.has(id) && !PENDING.includes(id));
    expect(missing, `never shown: ${missing.join(', ')}`).toEqual([]);
  });

  it('keeps the pending list honest: no pending topic is already wired, and every one exists', () => {
    for (const id of PENDING) {
      expect(HELP_TOPIC_IDS, id).toContain(id);
      expect(referenced.has(id), `${id} is wired now: remove it from PENDING`).toBe(false);
    }
  });

  it('references only topics that exist', () => {
    const unknown = [...referenced].filter((id) => !(HELP_TOPIC_IDS as readonly string[]).includes(id));
    expect(unknown).toEqual([]);
  });
});

describe('tour targets on screen', () => {
  const ui = sources('src/ui').join('\n');

  it('gives every tour step a target the UI renders (data-tour="…", a Field tour="…", or aria-label="…")', () => {
    for (const step of TOUR_STEPS) {
      const [, attr, value] = /^\[(aria-label|data-tour)="([^"]+)"\]$/.exec(step.target) ?? [];
      const forms =
        attr === 'data-tour' ? [`data-tour="${value}"`, `tour="${value}"`] : [`aria-label="${value}"`];
      expect(
        forms.some((f) => ui.includes(f)),
        `${step.id}: nothing in src/ui renders ${step.target}`,
      ).toBe(true);
    }
  });
});
