// Why: the tips' "Read more" links must land on a readable section. Markdown served raw neither renders nor
// scrolls to `#anchor`, so the build (vite.config.ts) also ships each docs/*.md as a static HTML page whose
// headings carry the same ids as GitHub's anchors (slugify/headingSlugs in ./render). The pages have no
// script at all and their own strict CSP. Only the subset of Markdown our docs use is supported (headings,
// paragraphs, flat lists, pipe tables, fenced code, inline code/links/images/emphasis); every text is escaped.
import { slugify } from './render';

/** The stylesheet every docs page links (emitted next to the pages as docs/docs.css). */
export const DOCS_CSS_FILE = 'docs.css';

/** No scripts, no frames, no forms: a page of text, its stylesheet and its images, all same-origin. */
export const DOCS_CSP =
  "default-src 'none'; img-src 'self'; style-src 'self'; base-uri 'none'; form-action 'none'";

const NAV: readonly [string, string][] = [
  ['guide.html', 'User guide'],
  ['statistics.html', 'Statistics notes'],
  ['architecture.html', 'Architecture'],
];

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `guide.md#x` → `guide.html#x`; other relative or http(s) links as they are; anything else is dropped. */
export function docsLinkTarget(href: string): string | null {
  const h = href.trim();
  if (/^https?:\/\//i.test(h) || h.startsWith('#')) return h;
  if (/^[a-z][a-z0-9+.-]*:/i.test(h) || h.startsWith('//')) return null; // javascript:, data:, protocol-relative
  return h.replace(/^([^#?]*)\.md(?=$|[#?])/, '$1.html');
}

/**
 * Inline Markdown → HTML. Every construct that is finished HTML (code spans, backslash escapes, images,
 * links, a dropped link's label) is swapped for a private-use placeholder as soon as it is built, so the
 * emphasis rules that run last only see plain text: an `_` or `*` in a URL, an alt text or a code span can
 * no longer be wrapped in <em> and break the markup. Placeholders are put back at the end.
 */
function inline(text: string): string {
  // Tokens are \uE000<n>\uE001; the source can't forge one because those characters are removed first.
  const tokens: { html: string; text: string }[] = [];
  const token = (html: string, plain: string): string => {
    tokens.push({ html, text: plain });
    return `\uE000${tokens.length - 1}\uE001`;
  };
  /** Puts tokens back: as markup, or (inside an attribute) as their plain, escaped text. */
  const restore = (s: string, as: 'html' | 'text'): string =>
    s.replace(/\uE000(\d+)\uE001/g, (_m, i: string) => tokens[Number(i)][as]);

  let s = text.replace(/[\uE000\uE001]/g, '');
  s = s.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (_m, _ticks: string, code: string) =>
    token(`<code>${escapeHtml(code)}</code>`, escapeHtml(code)),
  );
  s = s.replace(/\\([\\`*_{}[\]()#+\-.!|])/g, (_m, c: string) => token(escapeHtml(c), escapeHtml(c)));
  s = escapeHtml(s);
  s = s.replace(/!\[([^\]]*)\]\(([^)\s]+)\)/g, (_m, alt: string, src: string) => {
    const target = docsLinkTarget(restore(src, 'text'));
    const altText = restore(alt, 'text');
    return token(target === null ? altText : `<img src="${target}" alt="${altText}">`, altText);
  });
  s = s.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, label: string, href: string) => {
    const target = docsLinkTarget(restore(href, 'text'));
    const html = restore(emphasis(label), 'html');
    return token(target === null ? html : `<a href="${target}">${html}</a>`, restore(label, 'text'));
  });
  return restore(emphasis(s), 'html');
}

/** Strong and emphasis on escaped text that holds no markup yet (only placeholders). */
function emphasis(s: string): string {
  return s
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^\w*])\*([^*\s][^*]*?)\*(?![\w*])/g, '$1<em>$2</em>')
    .replace(/(^|[^\w])_([^_\s][^_]*?)_(?!\w)/g, '$1<em>$2</em>');
}

/** Splits a pipe-table row into cells, keeping `\|` inside a cell. */
function cells(row: string): string[] {
  const body = row.trim().replace(/^\|/, '').replace(/\|$/, '');
  // As GitHub does, `\|` is a literal pipe in the cell, inside code spans too.
  return body.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
}

const TABLE_RULE = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

export interface DocHeading {
  level: number;
  id: string;
  text: string;
}

/** The body HTML of a Markdown document and its headings (ids as headingSlugs gives them, repeats -1, -2 …). */
export function markdownToHtml(markdown: string): { html: string; headings: DocHeading[] } {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  const headings: DocHeading[] = [];
  const seen = new Map<string, number>();
  let paragraph: string[] = [];
  let list: { tag: 'ul' | 'ol'; items: string[] } | null = null;

  const flushParagraph = () => {
    if (paragraph.length) out.push(`<p>${inline(paragraph.join(' '))}</p>`);
    paragraph = [];
  };
  const flushList = () => {
    if (list)
      out.push(`<${list.tag}>${list.items.map((i) => `<li>${inline(i)}</li>`).join('')}</${list.tag}>`);
    list = null;
  };
  const flush = () => {
    flushParagraph();
    flushList();
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = /^\s*(```|~~~)\s*([\w-]*)\s*$/.exec(line);
    if (fence) {
      flush();
      const code: string[] = [];
      for (i++; i < lines.length && !lines[i].trim().startsWith(fence[1]); i++) code.push(lines[i]);
      const lang = fence[2] ? ` class="language-${escapeHtml(fence[2])}"` : '';
      out.push(`<pre><code${lang}>${escapeHtml(code.join('\n'))}</code></pre>`);
      continue;
    }
    if (/^\s*<!--.*-->\s*$/.test(line)) continue; // generated-region markers and notes
    if (line.trim() === '') {
      flush();
      continue;
    }
    const heading = /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading) {
      flush();
      const level = heading[1].length;
      const base = slugify(heading[2]);
      const k = seen.get(base) ?? 0;
      seen.set(base, k + 1);
      const id = k === 0 ? base : `${base}-${k}`;
      headings.push({ level, id, text: heading[2] });
      out.push(`<h${level} id="${escapeHtml(id)}">${inline(heading[2])}</h${level}>`);
      continue;
    }
    if (line.trim().startsWith('|') && i + 1 < lines.length && TABLE_RULE.test(lines[i + 1])) {
      flush();
      const head = cells(line);
      const rows: string[][] = [];
      for (i += 2; i < lines.length && lines[i].trim().startsWith('|'); i++) rows.push(cells(lines[i]));
      i--;
      const th = head.map((c) => `<th>${inline(c)}</th>`).join('');
      const trs = rows.map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`).join('');
      out.push(`<table><thead><tr>${th}</tr></thead><tbody>${trs}</tbody></table>`);
      continue;
    }
    const item = /^([-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (item) {
      flushParagraph();
      const tag = /\d/.test(item[1]) ? 'ol' : 'ul';
      if (list && list.tag !== tag) flushList();
      list ??= { tag, items: [] };
      list.items.push(item[2]);
      continue;
    }
    if (list && /^\s+\S/.test(line)) {
      list.items[list.items.length - 1] += ` ${line.trim()}`; // continuation of the current item
      continue;
    }
    flushList();
    paragraph.push(line.trim());
  }
  flush();
  return { html: out.join('\n'), headings };
}

/** A whole static page for docs/<file>.md: strict CSP, no script, a way back to the app and to the other docs. */
export function renderDocPage(markdown: string): string {
  const { html, headings } = markdownToHtml(markdown);
  const title = headings.find((h) => h.level === 1)?.text ?? 'Pairs Lab docs';
  const nav = NAV.map(([href, label]) => `<a href="${href}">${label}</a>`).join(' · ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${DOCS_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title.replace(/[`*_]/g, ''))} · Pairs Lab</title>
<link rel="stylesheet" href="${DOCS_CSS_FILE}">
</head>
<body>
<nav aria-label="Docs"><a href="../">← Pairs Lab</a> · ${nav}</nav>
<main>
${html}
</main>
</body>
</html>
`;
}

/** The docs pages' stylesheet: readable in light and dark schemes, headings clear of the top edge when targeted. */
export const DOCS_CSS = `:root { color-scheme: light dark; --fg: #1a1a1a; --bg: #ffffff; --muted: #666; --border: #d0d7de; --code: #f3f4f6; --accent: #0b62c4; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e6e6; --bg: #0f1419; --muted: #9aa4ad; --border: #2d3640; --code: #1b222a; --accent: #6cb6ff; } }
body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; }
nav { padding: 0.6rem 1.2rem; border-bottom: 1px solid var(--border); font-size: 0.9rem; }
main { max-width: 52rem; margin: 0 auto; padding: 1rem 1.2rem 4rem; }
a { color: var(--accent); }
h1, h2, h3, h4 { line-height: 1.25; scroll-margin-top: 0.75rem; }
:target { outline: 2px solid var(--accent); outline-offset: 4px; border-radius: 4px; }
code { background: var(--code); padding: 0.1em 0.3em; border-radius: 4px; font-size: 0.9em; }
pre { background: var(--code); padding: 0.8rem; overflow-x: auto; border-radius: 6px; }
pre code { padding: 0; background: none; }
table { border-collapse: collapse; margin: 1rem 0; display: block; overflow-x: auto; }
th, td { border: 1px solid var(--border); padding: 0.35rem 0.6rem; text-align: left; vertical-align: top; }
img { max-width: 100%; height: auto; background: #fff; }
`;
