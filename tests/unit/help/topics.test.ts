// Why: the help texts are what users read to interpret numbers; this keeps them well-formed, anchored to
// sections that exist, and the docs' generated regions identical to a fresh render of src/help.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HELP, HELP_TOPIC_IDS, TOUR_STEPS, topicsIn } from '../../../src/help';
import {
  DOC_FILES,
  formulaTopicsIn,
  headingSlugs,
  regionIds,
  renderRegions,
  slugify,
} from '../../../src/help/render';

const docsDir = join(import.meta.dirname, '..', '..', '..', 'docs');
const docs = Object.fromEntries(DOC_FILES.map((f) => [f, readFileSync(join(docsDir, f), 'utf8')])) as Record<
  (typeof DOC_FILES)[number],
  string
>;

describe('help topics', () => {
  it('has one entry per id, each with a title, a body and a tooltip text of at most 200 characters', () => {
    expect(Object.keys(HELP).sort()).toEqual([...HELP_TOPIC_IDS].sort());
    for (const id of HELP_TOPIC_IDS) {
      const t = HELP[id];
      expect(t.title.trim(), id).not.toBe('');
      expect(t.body.trim(), id).not.toBe('');
      expect(t.short.trim(), id).not.toBe('');
      expect([...t.short].length, `${id}: short is ${[...t.short].length} chars`).toBeLessThanOrEqual(200);
      if (t.formula !== undefined) expect(t.formula.trim(), id).not.toBe('');
    }
  });

  it('points every guideAnchor at a heading that exists in docs/', () => {
    const slugs = Object.fromEntries(DOC_FILES.map((f) => [f, headingSlugs(docs[f])]));
    for (const id of HELP_TOPIC_IDS) {
      const [file, slug] = HELP[id].guideAnchor.split('#');
      expect(DOC_FILES as readonly string[], `${id}: ${file}`).toContain(file);
      expect(slug, id).toBeTruthy();
      expect(
        slugs[file as (typeof DOC_FILES)[number]].has(slug),
        `${id}: no heading #${slug} in ${file}`,
      ).toBe(true);
    }
  });

  it('covers every metric and control of the dashboard', () => {
    for (const group of ['data', 'analysis', 'model', 'legs', 'chart', 'status'] as const)
      expect(topicsIn(group).length, group).toBeGreaterThan(2);
    for (const id of [
      'beta',
      'alpha',
      'rSquared',
      'betaStdErr',
      'huberScale',
      'kalmanBand',
      'zScore',
      'spread',
      'adfStatistic',
      'adfPValue',
      'adfLag',
      'adfCriticalValues',
      'correlation',
      'annualizedVol',
      'lastLogReturn',
      'window',
      'method',
      'kalmanDelta',
      'kalmanVe',
      'priceTransform',
      'correlationOn',
      'range',
      'rebase',
      'entryZ',
      'exitZ',
      'timeframe',
      'source',
      'replaySpeed',
      'endpoints',
      'statusRoute',
      'statusTicksPerSecond',
      'statusGaps',
      'statusMalformed',
      'statusDb',
      'statusLiveTab',
    ])
      expect(HELP_TOPIC_IDS as readonly string[]).toContain(id);
  });

  it('states the numbers the code uses', () => {
    expect(HELP.annualizedVol.short).toContain('31,536,000');
    expect(HELP.annualizedVol.short).toContain('525,600');
    expect(HELP.annualizedVol.short).toContain('105,120');
    expect(HELP.zScore.short).toContain('ddof 1');
    expect(HELP.kalmanDelta.short).toContain('1e-4');
    expect(HELP.kalmanVe.short).toContain('1e-3');
  });
});

describe('tour', () => {
  it('has unique steps with stable selectors, in the order pair → timeframe → charts → alerts → backtest', () => {
    const ids = TOUR_STEPS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    const order = ['pair', 'timeframe', 'charts', 'alerts', 'backtest'].map((id) => ids.indexOf(id as never));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    for (const s of TOUR_STEPS) {
      expect(s.target).toMatch(/^\[(aria-label|data-tour)="[^"\]]+"\]$/);
      expect(s.title.trim()).not.toBe('');
      expect(s.body.length).toBeLessThanOrEqual(240);
    }
  });
});

describe('docs generated from src/help', () => {
  it('slugs headings like GitHub', () => {
    expect(slugify('Log returns and annualised volatility')).toBe('log-returns-and-annualised-volatility');
    expect(slugify('Huber (robust)')).toBe('huber-robust');
    expect(slugify('Spread and z-score charts')).toBe('spread-and-z-score-charts');
    expect([...headingSlugs('# A\n## A\n```\n# not\n```\n')]).toEqual(['a', 'a-1']);
  });

  it('are in step: re-rendering every docs file changes nothing (run `node --import tsx src/help/renderDocs.ts`)', () => {
    for (const file of DOC_FILES) expect(renderRegions(docs[file], file), file).toBe(docs[file]);
  });

  it('embed the backtest rules, the glossary, the control tables and the tour', () => {
    expect(regionIds(docs['guide.md'])).toEqual(
      expect.arrayContaining(['backtest-rules', 'group-analysis', 'group-status', 'group-data', 'tour']),
    );
    expect(regionIds(docs['statistics.md'])).toContain('glossary');
    for (const id of HELP_TOPIC_IDS) {
      const inDocs = DOC_FILES.some((f) => docs[f].includes(`[${HELP[id].title.replace(/\|/g, '\\|')}](`));
      expect(inDocs, `${id} is listed in no generated table`).toBe(true);
    }
  });

  it('print every formula the tips show for a statistics.md topic from src/help, not as a second copy', () => {
    const expected = HELP_TOPIC_IDS.filter(
      (id) => HELP[id].formula && HELP[id].guideAnchor.startsWith('statistics.md#'),
    );
    expect(expected.length).toBeGreaterThan(10);
    expect(formulaTopicsIn(docs['statistics.md']).sort()).toEqual([...expected].sort());
    for (const id of expected) expect(docs['statistics.md']).toContain(`\`${HELP[id].formula}\``);
  });

  it('refuses a formulas region for an unknown topic or one without a formula', () => {
    const region = (id: string) => `<!-- help:${id}:start -->\n<!-- help:${id}:end -->`;
    expect(renderRegions(region('formulas-zscore'), 'statistics.md')).toContain(HELP.zScore.formula);
    expect(() => renderRegions(region('formulas-nope'), 'statistics.md')).toThrow(/unknown help topic/);
    expect(() => renderRegions(region('formulas-adfpvalue'), 'statistics.md')).toThrow(/no formula/);
  });

  it('refuses unknown or unbalanced regions', () => {
    expect(() => renderRegions('<!-- help:nope:start -->\n<!-- help:nope:end -->', 'guide.md')).toThrow(
      /unknown/,
    );
    expect(() => renderRegions('<!-- help:tour:start -->', 'guide.md')).toThrow(/starts/);
  });
});
