// Why: the docs embed tables and lists generated from src/help/topics.ts between marker comments, so the
// help the app shows and the help the docs print are the same text. Pure string → string, so the unit test
// re-renders in memory and fails when a doc is out of step; renderDocs.ts is the CLI that writes the files.
import {
  BACKTEST_RULES,
  HELP,
  HELP_TOPIC_IDS,
  TOUR_STEPS,
  topicsIn,
  type HelpGroup,
  type HelpTopicId,
} from './topics';

/** Markdown files under docs/ that may carry generated regions or be the target of a guideAnchor. */
export const DOC_FILES = ['architecture.md', 'guide.md', 'statistics.md'] as const;
export type DocFile = (typeof DOC_FILES)[number];

const GENERATED_NOTE =
  '<!-- generated from src/help/topics.ts by src/help/renderDocs.ts: edit there, not here -->';

/** Heading text → anchor, as GitHub renders it (lower case, punctuation dropped, spaces → hyphens). */
export function slugify(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*_]/g, (c) => (c === '_' ? '_' : ''))
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every anchor a markdown file defines through its ATX headings (outside fenced code), with -1, -2 … for repeats. */
export function headingSlugs(markdown: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      continue;
    }
    if (fenced) continue;
    const m = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = slugify(m[1]);
    const k = seen.get(base) ?? 0;
    seen.set(base, k + 1);
    out.add(k === 0 ? base : `${base}-${k}`);
  }
  return out;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n+/g, ' ');
}

/** A link from `file` to a topic's guide section (relative inside docs/). */
function anchorLink(anchor: string, file: string): string {
  const [target, slug] = anchor.split('#');
  return target === file ? `#${slug}` : anchor;
}

function topicTable(ids: readonly HelpTopicId[], file: string): string {
  const withFormula = ids.some((id) => HELP[id].formula);
  const head = withFormula
    ? '| item | meaning | as implemented |\n| --- | --- | --- |'
    : '| item | meaning |\n| --- | --- |';
  const rows = ids.map((id) => {
    const t = HELP[id];
    const name = `[${cell(t.title)}](${anchorLink(t.guideAnchor, file)})`;
    const formula = t.formula ? `\`${cell(t.formula)}\`` : '';
    return withFormula ? `| ${name} | ${cell(t.short)} | ${formula} |` : `| ${name} | ${cell(t.short)} |`;
  });
  return [head, ...rows].join('\n');
}

const GROUPS: readonly HelpGroup[] = [
  'data',
  'analysis',
  'model',
  'legs',
  'chart',
  'status',
  'backtest',
  'alerts',
];

/**
 * `formulas-zscore-spread` → the formulas of those topics (ids lower-cased, joined by '-'), one bullet each,
 * exactly as the tips show them. A topic without a formula, or an unknown id, throws.
 */
function formulaList(ids: string, file: string): string {
  return ids
    .split('-')
    .map((lower) => {
      const id = HELP_TOPIC_IDS.find((t) => t.toLowerCase() === lower);
      if (!id) throw new Error(`${file}: unknown help topic "${lower}" in a formulas region`);
      const { title, formula } = HELP[id];
      if (!formula) throw new Error(`${file}: help topic "${id}" has no formula`);
      return `- ${title}: \`${formula}\``;
    })
    .join('\n');
}

/** Topic ids whose formula a markdown file embeds through `formulas-…` regions. */
export function formulaTopicsIn(markdown: string): HelpTopicId[] {
  const lowers = regionIds(markdown)
    .filter((r) => r.startsWith('formulas-'))
    .flatMap((r) => r.slice('formulas-'.length).split('-'));
  return HELP_TOPIC_IDS.filter((id) => lowers.includes(id.toLowerCase()));
}

/** The generated markdown of one region id. Unknown ids throw (a typo in a marker must not pass silently). */
export function regionContent(id: string, file: string): string {
  if (id === 'backtest-rules') return BACKTEST_RULES.map((rule, i) => `${i + 1}. ${rule}`).join('\n');
  if (id === 'tour')
    return TOUR_STEPS.map((s, i) => `${i + 1}. **${s.title}** (\`${s.target}\`): ${s.body}`).join('\n');
  if (id.startsWith('formulas-')) return formulaList(id.slice('formulas-'.length), file);
  if (id === 'glossary')
    return topicTable([...topicsIn('model'), ...topicsIn('legs'), ...topicsIn('chart')], file);
  const group = /^group-([a-z]+)$/.exec(id)?.[1] as HelpGroup | undefined;
  if (group && GROUPS.includes(group)) return topicTable(topicsIn(group), file);
  throw new Error(`${file}: unknown help region "${id}"`);
}

const REGION = /<!-- help:([a-z0-9-]+):start -->[\s\S]*?<!-- help:([a-z0-9-]+):end -->/g;

/** Rewrites every `<!-- help:ID:start -->…<!-- help:ID:end -->` region of a markdown file. */
export function renderRegions(markdown: string, file: string): string {
  const starts = markdown.match(/<!-- help:[a-z0-9-]+:start -->/g)?.length ?? 0;
  const ends = markdown.match(/<!-- help:[a-z0-9-]+:end -->/g)?.length ?? 0;
  if (starts !== ends) throw new Error(`${file}: ${starts} help region starts but ${ends} ends`);
  let count = 0;
  const out = markdown.replace(REGION, (_all, id: string, endId: string) => {
    if (id !== endId) throw new Error(`${file}: help region "${id}" is closed by "${endId}"`);
    count++;
    return `<!-- help:${id}:start -->\n${GENERATED_NOTE}\n\n${regionContent(id, file)}\n\n<!-- help:${id}:end -->`;
  });
  if (count !== starts) throw new Error(`${file}: nested or unmatched help regions`);
  return out;
}

/** Region ids present in a markdown file, in order. */
export function regionIds(markdown: string): string[] {
  return [...markdown.matchAll(/<!-- help:([a-z0-9-]+):start -->/g)].map((m) => m[1]);
}
