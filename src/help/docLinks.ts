// Why: one place decides where a help topic's "Read more" link goes, so the tips, the tests and the build
// agree. The build renders docs/*.md to docs/*.html with id'd headings (src/help/docsHtml.ts, shipped and
// precached by vite.config.ts), so the link opens a readable page at its section, offline too.

/** `guide.md#slug` (a HelpTopic.guideAnchor) → the URL the app links to, relative to the app's base. */
export function docHref(anchor: string): string {
  const [file, slug] = anchor.split('#');
  const page = `docs/${file.replace(/\.md$/, '.html')}`;
  return slug ? `${page}#${slug}` : page;
}
