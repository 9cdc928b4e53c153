// Why: "Read more" opens docs/<file>.html#<slug> (src/help/docLinks.ts); these pages are rendered from the
// Markdown at build time. This checks that every help anchor lands on an element with that id, that the
// pages carry no script and a strict CSP, and that text from the docs can never become markup.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HELP, HELP_TOPIC_IDS } from '../../../src/help';
import { DOC_FILES, headingSlugs } from '../../../src/help/render';
import { DOCS_CSP, docsLinkTarget, markdownToHtml, renderDocPage } from '../../../src/help/docsHtml';
import { docHref } from '../../../src/help/docLinks';

const docsDir = join(import.meta.dirname, '..', '..', '..', 'docs');
const pages = Object.fromEntries(
  DOC_FILES.map((f) => [f, renderDocPage(readFileSync(join(docsDir, f), 'utf8'))]),
) as Record<(typeof DOC_FILES)[number], string>;

function ids(html: string): Set<string> {
  return new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
}

describe('docs rendered as HTML pages', () => {
  it('links every help topic to docs/<file>.html#<slug>, and that page has a heading with that id', () => {
    for (const id of HELP_TOPIC_IDS) {
      const href = docHref(HELP[id].guideAnchor);
      const m = /^docs\/([a-z]+)\.html#([\w-]+)$/.exec(href);
      expect(m, `${id}: ${href}`).not.toBeNull();
      const page = pages[`${m![1]}.md` as (typeof DOC_FILES)[number]];
      expect(page, `${id}: no page for ${href}`).toBeDefined();
      expect(page, `${id}: no heading #${m![2]}`).toMatch(new RegExp(`<h[1-6] id="${m![2]}">`));
    }
  });

  it('gives headings the same ids as GitHub anchors (headingSlugs), repeats numbered', () => {
    for (const f of DOC_FILES) {
      const md = readFileSync(join(docsDir, f), 'utf8');
      const headingIds = markdownToHtml(md).headings.map((h) => h.id);
      expect(new Set(headingIds), f).toEqual(headingSlugs(md));
    }
    expect(markdownToHtml('# A\n## A\n## Huber (robust)').html).toBe(
      '<h1 id="a">A</h1>\n<h2 id="a-1">A</h2>\n<h2 id="huber-robust">Huber (robust)</h2>',
    );
  });

  it('renders paragraphs, lists with continuation lines, pipe tables with escaped pipes, code and emphasis', () => {
    const { html } = markdownToHtml(
      [
        'Some **bold**, *em* and `a < b` text',
        'on two lines.',
        '',
        '- one',
        '  continued',
        '- two',
        '',
        '1. first',
        '2. second',
        '',
        '| a | b |',
        '| --- | --- |',
        '| `x \\| y` | [link](guide.md#alerts) |',
        '',
        '```sh',
        'npm ci && <b>',
        '```',
        '<!-- help:tour:start -->',
      ].join('\n'),
    );
    expect(html).toBe(
      [
        '<p>Some <strong>bold</strong>, <em>em</em> and <code>a &lt; b</code> text on two lines.</p>',
        '<ul><li>one continued</li><li>two</li></ul>',
        '<ol><li>first</li><li>second</li></ol>',
        '<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td><code>x | y</code></td><td><a href="guide.html#alerts">link</a></td></tr></tbody></table>',
        '<pre><code class="language-sh">npm ci &amp;&amp; &lt;b&gt;</code></pre>',
      ].join('\n'),
    );
  });

  it('keeps underscores and asterisks in URLs, alt texts and code spans out of emphasis, and still emphasises the text', () => {
    const { html } = markdownToHtml(
      [
        'See [the *a_b_c* page](https://example.com/a_b_c?x=_y_&z=*w*) and ![a *stars* chart](img/_x_.svg).',
        '',
        'Plain *em*, _em_ and **strong**; `snake_case_name` and `*p*` stay code; a\\_b\\_c is literal.',
        '',
        '**Read [`config_file`](guide.md#a_b)** <b title="_x_">',
      ].join('\n'),
    );
    expect(html).toBe(
      [
        '<p>See <a href="https://example.com/a_b_c?x=_y_&amp;z=*w*">the <em>a_b_c</em> page</a> and <img src="img/_x_.svg" alt="a *stars* chart">.</p>',
        '<p>Plain <em>em</em>, <em>em</em> and <strong>strong</strong>; <code>snake_case_name</code> and <code>*p*</code> stay code; a_b_c is literal.</p>',
        '<p><strong>Read <a href="guide.html#a_b"><code>config_file</code></a></strong> &lt;b title=&quot;<em>x</em>&quot;&gt;</p>',
      ].join('\n'),
    );
  });

  it('cannot be tricked into markup by the placeholder characters it uses internally', () => {
    const { html } = markdownToHtml('x \uE0000\uE001 `<b>` \uE000');
    expect(html).toBe('<p>x 0 <code>&lt;b&gt;</code> </p>');
  });

  it('escapes markup in the text and drops script-capable links', () => {
    const { html } = markdownToHtml(
      '<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) ![y](data:image/png;base64,AA)',
    );
    expect(html).not.toMatch(/<script|<img|href=/);
    expect(html).toContain('&lt;script&gt;');
    expect(docsLinkTarget('statistics.md#ols')).toBe('statistics.html#ols');
    expect(docsLinkTarget('architecture.svg')).toBe('architecture.svg');
    expect(docsLinkTarget('https://binance.com')).toBe('https://binance.com');
    expect(docsLinkTarget('//evil.example')).toBeNull();
  });

  it('makes every page a script-free document with its own strict CSP and a way back to the app', () => {
    for (const f of DOC_FILES) {
      const page = pages[f];
      expect(page).not.toMatch(/<script|\son\w+=/i);
      expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="${DOCS_CSP}">`);
      expect(page).toContain('<a href="../">');
      expect(ids(page).size).toBeGreaterThan(5);
    }
    expect(DOCS_CSP).toMatch(/default-src 'none'/);
    expect(DOCS_CSP).not.toMatch(/script-src|unsafe/);
    expect(pages['architecture.md']).toContain('<img src="architecture.svg" alt="Architecture diagram">');
  });
});
