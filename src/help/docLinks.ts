// Why: one place decides where a help topic's "Read more" link goes, so the tips, the tests and the build
// agree. Docs are copied into the build under docs/ (see vite.config.ts), so the link works offline too.

/** `guide.md#slug` (a HelpTopic.guideAnchor) → the URL the app links to, relative to the app's base. */
export function docHref(anchor: string): string {
  return `docs/${anchor}`;
}
