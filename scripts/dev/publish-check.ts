/**
 * The publication check: the pages published through real Hugo, the way the
 * docs site publishes them (test/hugo-site/: Hugo's default Markdown settings,
 * the typographer on, raw HTML rendered, the `code-block` shortcode `preview` serves with, modelled on
 * the site's), and the HTML read back (parse5). It fails when
 * - `link`: an in-page link (`href="#x"`) lands on no element `id="x"`, or on
 *   a heading that shows another text than the link, or a link goes anywhere
 *   but this page or a path of the site (`javascript:`, …);
 * - `leak`: the page shows `{{` or `}}` outside `<pre>`/`<code>` that its
 *   Markdown did not write on purpose: the escaping helpers write the `{` of
 *   every `{{` as `&#123;`, so any other `{{` is template or shortcode text
 *   that got through (a `}}` must be one the Markdown has);
 * - `element`: an element or attribute that Markdown, the layout and the
 *   shortcode do not make (an allow-list: no `<script>`, `<img>`, `<iframe>`,
 *   no `on…` attribute, no `style` but a table cell's alignment), or any
 *   element that comes from raw HTML in the page: a second build with raw HTML
 *   omitted must give the very same elements;
 * - `typographer`: a page built with `literalPunctuation` does not show its
 *   descriptions as written (the same page without it is built as a control,
 *   and must show the typographer's curly quotes and dashes);
 * - `hugo`: Hugo fails to build the site.
 *
 * Pages: test/fixtures/seed/backend.md, docs/*.md (the attributes page with
 * its reference page), the examples' pages (examples/<example>/docs/*.md),
 * test/fixtures/corpus/expected/*.md (the corpus attributes pages with theirs),
 * test/fixtures/attributes-page/expected/*.md (a hostile pair),
 * test/fixtures/hostile/<case>/expected/page.md, and pages built from
 * test/fixtures/hugo/typographer.schema.json: the typographer pair, and one
 * whose intro has headings that the definition's id must be numbered after. Before them, a self-test:
 * pages with a broken link, leaked template text, injected elements and
 * typographer damage must each fail with the rule meant for it; and those with a
 * link or an image that schema text could make (a `javascript:` link, a tracking
 * image, autolinks, GFM's `www.`, `https://`, e-mail and goldmark's `ftp://`
 * literals) must fail the lint stage's `link` rule too.
 *
 * Every page goes through each Hugo of `$HUGO` (paths separated by `:`, default `hugo` on PATH; CI gives
 * Debian bookworm's 0.111 and trixie's 0.131, scripts/dev/trixie-hugo.sh), and the check fails on any page
 * one of them refuses. The self-test runs through each; its `kind: documentation` page must be refused by
 * Hugo 0.123 and later, and published by earlier ones.
 *
 *   npm run publish-check            (needs hugo; Debian: apt-get install -y hugo)
 *   HUGO=/usr/bin/hugo:$(scripts/dev/trixie-hugo.sh) npm run publish-check
 *   node dist/dev/publish-check.js [FILE.md …]   (only these pages, no self-test)
 *
 * The pages are publish-check-pages.ts; the HTML's reading, the rules on a page and the runs through
 * one Hugo are modules of scripts/dev/publish-check/; this module runs them through each Hugo and reports.
 */
import { readFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { lintPage } from "../stages/lint/lint.js";
import { hugoAtLeast, hugoBinaries } from "./hugo-site.js";
import { checkPages } from "./publish-check/hugo-runs.js";
import { type Finding, type PageToCheck, type SelfTestPage, defaultPages, selfTestPages, slug } from "./publish-check-pages.js";

export { checkPage, type PublishedPage } from "./publish-check/check-page.js";
export { type Checked, checkPages } from "./publish-check/hugo-runs.js";
export { type Finding, type PageToCheck, type Rule, defaultPages, selfTestPages } from "./publish-check-pages.js";

function report(findings: Finding[]): string[] {
  return findings.map((f) => `publish-check: ${f.page}: ${f.rule}: ${f.message}`);
}

/** The self-test and the pages through one Hugo, reported line by line; returns how many failed. */
async function checkThrough(hugo: string, selfTest: SelfTestPage[], pages: PageToCheck[]): Promise<number> {
  const { version, pages: checked } = await checkPages([...selfTest, ...pages], hugo);
  const shown = version || `${hugo} (failed)`;
  const findingsOf = (name: string) => checked.get(name)?.findings ?? [];
  let failed = 0;
  // The self-test: each bad page fails with its rule; otherwise the check could not see that kind of problem.
  // A page that only a later Hugo refuses (`since`) must pass on an earlier one.
  for (const s of selfTest) {
    const got = findingsOf(s.name);
    const expected = s.since === undefined || (version !== "" && hugoAtLeast(version, s.since));
    if (expected ? got.some((f) => f.rule === s.expect) : got.length === 0) continue;
    failed++;
    const want = expected ? `should fail with "${s.expect}"` : `should pass before Hugo ${s.since}`;
    console.log(
      `publish-check: self-test (${shown}): ${s.source} ${want} and got ${got.length === 0 ? "nothing" : got.map((f) => f.rule).join(", ")}`,
    );
  }
  if (selfTest.length > 0)
    console.log(`publish-check: self-test: ${selfTest.length - failed} of ${selfTest.length} pages as expected through ${shown}`);
  let bad = 0;
  let links = 0;
  let pageLinks = 0;
  for (const p of pages) {
    const got = findingsOf(p.name);
    links += checked.get(p.name)?.inPageLinks ?? 0;
    pageLinks += checked.get(p.name)?.pageLinks ?? 0;
    if (got.length === 0) continue;
    bad++;
    for (const line of report(got)) console.log(line);
  }
  console.log(
    `publish-check: ${pages.length} pages published through ${shown}; ${links} in-page links and ${pageLinks} links to other pages checked`,
  );
  console.log(`publish-check: ${pages.length - bad} passed, ${bad} failed through ${shown}`);
  return failed + bad;
}

async function main(args: string[]): Promise<number> {
  const files = args.filter((a) => !a.startsWith("-"));
  const pages: PageToCheck[] =
    files.length > 0
      ? await Promise.all(
          files.map(async (f, i) => ({
            // By its path when it can be a site path: pages linked by relref find each other.
            name:
              /^[A-Za-z0-9._/-]+\.md$/.test(f) && !f.startsWith("/") && !f.includes("..")
                ? f.replace(/\.md$/, "")
                : `page-${i}-${slug(basename(f, ".md"))}`,
            source: f,
            markdown: await readFile(resolve(f), "utf8"),
          })),
        )
      : await defaultPages();
  const selfTest = files.length > 0 ? [] : selfTestPages();
  let failed = 0;
  // The pages that hold a link or an image schema text could make: the lint stage refuses each too.
  for (const s of selfTest) {
    // No text of the page is its own (no config fields, no template): every link and image is foreign.
    const own = { fields: { title: "self-test", description: "" }, templates: [] };
    if (s.lint && !lintPage(s.markdown, { own }).some((m) => m.rule === "link")) {
      failed++;
      console.log(`publish-check: self-test: ${s.source}: the lint stage lets through what Hugo publishes as a link or an image`);
    }
  }
  // Through every Hugo of $HUGO (hugo-site.ts, hugoBinaries): a page any one of them refuses fails the check.
  for (const hugo of hugoBinaries()) failed += await checkThrough(hugo, selfTest, pages);
  return failed > 0 ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2));
}
