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
 */
import { readFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, type DefaultTreeAdapterTypes as T } from "parse5";
import { lintPage } from "../stages/lint/lint.js";
import { type HugoRun, hugoAtLeast, hugoBinaries, hugoVersion, publish } from "./hugo-site.js";
import { type Finding, type PageToCheck, type Rule, type SelfTestPage, defaultPages, selfTestPages, slug } from "./publish-check-pages.js";

export { type Finding, type PageToCheck, type Rule, defaultPages, selfTestPages };

/** Elements Markdown (Goldmark + GFM), the layout and the `code-block` shortcode make, with the attributes each may have. */
const ALLOWED: Record<string, readonly string[]> = {
  html: ["lang"],
  head: [],
  meta: ["charset", "name", "content"],
  title: [],
  body: [],
  main: ["id"],
  h1: ["id"],
  h2: ["id"],
  h3: ["id"],
  h4: ["id"],
  h5: ["id"],
  h6: ["id"],
  p: ["class"],
  a: ["href", "title"],
  code: ["class", "data-lang"],
  pre: ["class", "tabindex"],
  span: ["class"],
  div: ["class"],
  button: ["class"],
  table: [],
  thead: [],
  tbody: [],
  tr: [],
  th: ["style"],
  td: ["style"],
  em: [],
  strong: [],
  del: [],
  ul: [],
  ol: ["start"],
  li: [],
  blockquote: [],
  hr: [],
  br: [],
};
/** A table cell's alignment is the one style Markdown writes. */
const CELL_STYLE = /^text-align:(left|right|center)$/;
/** Where a link may go: this page, or a path of the site. */
const LINK = /^(#|\/(?![/\\]))/;

interface Walked {
  ids: Set<string>;
  /** The text of each element with an id that is a heading. */
  headingText: Map<string, string>;
  links: string[];
  /** Each in-page link with its text. */
  inPage: { href: string; text: string }[];
  /** Each link to a path of the site with a fragment (`/docs/backend.html#file`, from relref) with its text. */
  toPages: { href: string; text: string }[];
  /** Every element, in document order, as `tag attr="value" …`. */
  elements: string[];
  /** Text outside `<pre>`, `<code>` and `<head>`, one string per text node. */
  texts: string[];
  /** The page's front matter as Hugo read it (`.Params`, from the layout's `cws-docgen-params` meta), when the layout wrote it. */
  params?: Record<string, unknown>;
  findings: string[];
}

function walk(html: string): Walked {
  const out: Walked = {
    ids: new Set(),
    headingText: new Map(),
    links: [],
    inPage: [],
    toPages: [],
    elements: [],
    texts: [],
    findings: [],
  };
  const visit = (node: T.Node, inCode: boolean) => {
    if (node.nodeName === "#text") {
      if (!inCode) out.texts.push((node as T.TextNode).value);
      return;
    }
    if ("tagName" in node) {
      const el = node as T.Element;
      const attrs = el.attrs.map((a) => `${a.name}=${JSON.stringify(a.value)}`);
      out.elements.push([el.tagName, ...attrs].join(" "));
      const allowed = ALLOWED[el.tagName];
      if (allowed === undefined)
        out.findings.push(
          `<${el.tagName}> is no element Markdown, the layout or the shortcode makes: <${[el.tagName, ...attrs].join(" ")}>`,
        );
      for (const a of el.attrs) {
        if (a.name === "id") out.ids.add(a.value);
        if (allowed !== undefined && !allowed.includes(a.name))
          out.findings.push(
            `<${el.tagName}> has the attribute ${a.name}=${JSON.stringify(a.value)}, which Markdown, the layout and the shortcode never write`,
          );
        else if (a.name === "style" && !CELL_STYLE.test(a.value)) out.findings.push(`<${el.tagName}> has style=${JSON.stringify(a.value)}`);
        else if (a.name === "href") out.links.push(a.value);
      }
      if (el.tagName === "meta" && el.attrs.some((a) => a.name === "name" && a.value === "cws-docgen-params"))
        out.params = JSON.parse(el.attrs.find((a) => a.name === "content")?.value ?? "{}") as Record<string, unknown>;
      const id = el.attrs.find((a) => a.name === "id")?.value;
      if (id !== undefined && /^h[1-6]$/.test(el.tagName)) out.headingText.set(id, textOf(el));
      const href = el.attrs.find((a) => a.name === "href")?.value;
      if (el.tagName === "a" && href?.startsWith("#")) out.inPage.push({ href, text: textOf(el) });
      else if (el.tagName === "a" && href !== undefined && /^\/(?![/\\])[^#]*#/.test(href)) out.toPages.push({ href, text: textOf(el) });
      inCode = inCode || el.tagName === "pre" || el.tagName === "code" || el.tagName === "head";
    }
    if ("childNodes" in node) for (const child of (node as T.ParentNode).childNodes) visit(child, inCode);
    if (node.nodeName === "template") visit((node as T.Template).content, inCode);
  };
  visit(parse(html), false);
  return out;
}

/** An element's text content. */
function textOf(node: T.Node): string {
  if (node.nodeName === "#text") return (node as T.TextNode).value;
  return "childNodes" in node ? (node as T.ParentNode).childNodes.map(textOf).join("") : "";
}

/** Text compared as a reader reads it: the typographer's marks as typed, white space collapsed. */
function readable(s: string): string {
  return s
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\u2014/g, "---")
    .replace(/\u2013/g, "--")
    .replace(/\u2026/g, "...")
    .replace(/\s+/g, " ")
    .trim();
}

/** Overlapping `{{` (or `}}`) pairs in a text. */
function pairs(text: string, brace: "{" | "}"): number {
  let n = 0;
  for (let i = 0; i + 1 < text.length; i++) if (text[i] === brace && text[i + 1] === brace) n++;
  return n;
}

/** The Markdown Hugo reads as Markdown: no front matter, no whole-line shortcode tags, no shortcode bodies. */
function markdownText(markdown: string): string {
  let body = markdown.replace(/\r\n?/g, "\n");
  if (body.startsWith("---\n")) {
    const end = body.indexOf("\n---\n", 3);
    if (end !== -1) body = body.slice(end + 5);
  }
  const lines = body.split("\n");
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const tag = /^\{\{<\s*([\w-]+)[^\n]*>\}\}\s*$/.exec(lines[i]!);
    if (!tag && !/^\{\{[<%][^\n]*[>%]\}\}\s*$/.test(lines[i]!)) {
      kept.push(lines[i]!);
      continue;
    }
    const close = tag ? lines.findIndex((l, j) => j > i && new RegExp(`^\\{\\{<\\s*/${tag[1]}\\s*>\\}\\}\\s*$`).test(l)) : -1;
    if (close !== -1) i = close;
  }
  return kept.join("\n");
}

const ENTITY_BRACE = /&#(?:123|x7b);/gi;
const ENTITY_CLOSE = /&#(?:125|x7d);/gi;

/** The ids and heading texts of a published page, for the links other pages make to it. */
export interface PublishedPage {
  ids: Set<string>;
  headingText: Map<string, string>;
}

/** The page of the site a path names (`/docs/backend.html` → `docs/backend`, uglyURLs). */
function pageOfPath(path: string): string {
  return path.replace(/^\//, "").replace(/\.html$/, "");
}

/**
 * Checks one page's HTML (and, when given, its HTML with raw HTML omitted) against its Markdown.
 * `site`: the other pages published with it, by name; a link to `/NAME.html#id` must land on an id of
 * that page, on a heading that shows the link's text (the attributes page's links to its reference page).
 */
export function checkPage(
  page: PageToCheck,
  html: string,
  safeHtml?: string,
  site?: ReadonlyMap<string, PublishedPage>,
): { findings: Finding[]; inPageLinks: number; pageLinks: number } {
  const findings: Finding[] = [];
  const add = (rule: Rule, message: string) => findings.push({ page: page.source, rule, message });
  const w = walk(html);
  for (const f of w.findings) add("element", f);
  for (const { href, text: label } of w.toPages) {
    const hash = href.indexOf("#");
    const target = pageOfPath(href.slice(0, hash));
    let id = href.slice(hash + 1);
    try {
      id = decodeURIComponent(id);
    } catch {
      // kept as written
    }
    const other = site?.get(target);
    if (other === undefined) {
      add("link", `the link ${JSON.stringify(href)} goes to ${JSON.stringify(target)}, no page published with this one`);
      continue;
    }
    if (!other.ids.has(id)) {
      add("link", `the link ${JSON.stringify(href)} lands on no element of ${target}: no id=${JSON.stringify(id)} there`);
      continue;
    }
    const heading = other.headingText.get(id);
    if (heading !== undefined && readable(heading) !== readable(label))
      add(
        "link",
        `the link [${label}](${href}) lands on the heading ${JSON.stringify(heading)} of ${target}, not on ${JSON.stringify(label)}`,
      );
  }

  for (const href of w.links) {
    if (!LINK.test(href)) {
      add("link", `a link to ${JSON.stringify(href)}: links go to this page (#…) or a path of the site (/…)`);
      continue;
    }
    if (!href.startsWith("#")) continue;
    let id: string;
    try {
      id = decodeURIComponent(href.slice(1));
    } catch {
      id = href.slice(1);
    }
    if (!w.ids.has(id)) add("link", `the link ${JSON.stringify(href)} lands on no element: no id=${JSON.stringify(id)} on the page`);
  }
  // A link to a heading names what the heading shows (a reference lands on its definition, not on another heading with that id).
  for (const { href, text: label } of w.inPage) {
    let id = href.slice(1);
    try {
      id = decodeURIComponent(id);
    } catch {
      // kept as written
    }
    const heading = w.headingText.get(id);
    if (heading !== undefined && readable(heading) !== readable(label))
      add("link", `the link [${label}](${href}) lands on the heading ${JSON.stringify(heading)}, not on ${JSON.stringify(label)}`);
  }

  // Every `{{` shown outside code was written with its first `{` as an entity; every `}}` is one the Markdown has.
  const text = markdownText(page.markdown);
  const shown = { open: 0, close: 0 };
  const snippets: string[] = [];
  for (const t of w.texts) {
    const o = pairs(t, "{");
    const c = pairs(t, "}");
    shown.open += o;
    shown.close += c;
    if (o + c > 0 && snippets.length < 5) {
      const at = Math.max(
        0,
        Math.min(t.indexOf("{{") === -1 ? t.length : t.indexOf("{{"), t.indexOf("}}") === -1 ? t.length : t.indexOf("}}")) - 20,
      );
      snippets.push(JSON.stringify(t.slice(at, at + 60)));
    }
  }
  const entities = text.replace(ENTITY_BRACE, "\u0001");
  const written = {
    // Pairs whose first brace is the entity: the entity, then `{` or another entity.
    open: (entities.match(/\u0001(?=[{\u0001])/g) ?? []).length,
    close: pairs(text.replace(ENTITY_CLOSE, "}"), "}"),
  };
  if (shown.open > written.open)
    add(
      "leak",
      `${shown.open} "{{" shown outside code, ${written.open} of them written as "&#123;{" by the escaping helpers: template or shortcode text got through (${snippets.join(", ")})`,
    );
  if (shown.close > written.close)
    add(
      "leak",
      `${shown.close} "}}" shown outside code, ${written.close} in the Markdown: template or shortcode text got through (${snippets.join(", ")})`,
    );

  if (safeHtml !== undefined) {
    const safe = walk(safeHtml).elements;
    const n = Math.max(safe.length, w.elements.length);
    for (let i = 0; i < n; i++) {
      if (safe[i] === w.elements[i]) continue;
      add(
        "element",
        `an element comes from raw HTML in the page: <${w.elements[i] ?? "(none)"}> where the build without raw HTML has <${safe[i] ?? "(none)"}>`,
      );
      break;
    }
  }

  for (const problem of paramProblems(page, w.params)) add("front-matter", problem);
  const shownText = w.texts.join("");
  for (const s of page.asWritten ?? []) if (!shownText.includes(s)) add("typographer", `${JSON.stringify(s)} is not shown as written`);
  for (const s of page.notAsWritten ?? [])
    if (shownText.includes(s))
      add("typographer", `${JSON.stringify(s)} is shown as written on the control page: is the typographer on in the site?`);
  return { findings, inPageLinks: w.links.filter((l) => l.startsWith("#")).length, pageLinks: w.toPages.length };
}

/** How the front matter Hugo read (`.Params`) differs from the values the page expects (`PageToCheck.params`). */
function paramProblems(page: PageToCheck, params: Record<string, unknown> | undefined): string[] {
  if (page.params === undefined) return [];
  if (params === undefined) return ["the layout wrote no cws-docgen-params meta: Hugo's reading of the front matter is unknown"];
  return Object.entries(page.params)
    .filter(([key, value]) => JSON.stringify(params[key.toLowerCase()] ?? null) !== JSON.stringify(value))
    .map(([key, value]) => `Hugo read "${key}" as ${JSON.stringify(params[key.toLowerCase()] ?? null)}, not ${JSON.stringify(value)}`);
}

/** What the check found on one page. */
export interface Checked {
  findings: Finding[];
  /** How many `#` links the page has (each one landed unless a finding says otherwise). */
  inPageLinks: number;
  /** How many links to a heading of another page it has (likewise). */
  pageLinks: number;
}

/** The front matter's `kind` line, as the seed page writes it (a value that is no Hugo page kind). */
const KIND_LINE = /^(---\n(?:(?!---\n)[^\n]*\n)*?)kind: (?!(?:home|page|section|taxonomy|term)\n)[^\n]*\n/;

/** The pages Hugo's error names (`"…/content/NAME.md:1:1": …`), among these. */
function refusedBy(log: string, names: readonly string[]): string[] {
  const named = new Set([...log.matchAll(/content\/([^"\s]+?)\.md:\d+:\d+/g)].map((m) => m[1]!));
  return names.filter((n) => named.has(n));
}

/**
 * Publishes the pages through one Hugo (`hugo`: its binary) twice (raw HTML rendered, and omitted) and checks
 * each. A page Hugo refuses gets a `hugo` finding with Hugo's line, and the site is built again without it, so
 * that one refused page does not hide what the others show. A page with `kindOnPurpose`, on Hugo 0.123 or
 * later, must be refused for its `kind` alone: it is published on its own as written (a `hugo` finding if Hugo
 * takes it, as then the reserved-key warning is wrong), and with the site without that line.
 */
export async function checkPages(pages: PageToCheck[], hugo = "hugo"): Promise<{ version: string; pages: Map<string, Checked> }> {
  const checked = new Map<string, Checked>();
  const fail = (p: PageToCheck, message: string) =>
    checked.set(p.name, { findings: [{ page: p.source, rule: "hugo", message }], inPageLinks: 0, pageLinks: 0 });
  const version = (await hugoVersion(hugo)) ?? "";
  const kindRefused = version !== "" && hugoAtLeast(version, "0.123.0");
  const onPurpose = kindRefused ? pages.filter((p) => p.kindOnPurpose && KIND_LINE.test(p.markdown)) : [];
  for (const p of onPurpose) {
    const alone = await publish(new Map([[p.name, p.markdown]]), { hugo }).then(
      () => "",
      (err: unknown) => (err instanceof Error ? err.message : String(err)),
    );
    if (!/unknown kind/.test(alone))
      fail(p, `${version} was expected to refuse its "kind" (unknown kind), and ${alone === "" ? "published it" : `said: ${alone}`}`);
  }
  const markdownOf = (p: PageToCheck) => (onPurpose.includes(p) ? p.markdown.replace(KIND_LINE, "$1") : p.markdown);
  let remaining = pages.filter((p) => !checked.has(p.name));
  let built: HugoRun;
  let safe: HugoRun;
  for (;;) {
    const byName = new Map(remaining.map((p) => [p.name, markdownOf(p)]));
    try {
      [built, safe] = await Promise.all([publish(byName, { hugo }), publish(byName, { hugo, extraConfig: "raw-html-off.toml" })]);
      break;
    } catch (err) {
      const log = err instanceof Error ? err.message : String(err);
      const refused = refusedBy(log, [...byName.keys()]);
      // Hugo names no page of ours: the site itself does not build, and every page fails with that.
      for (const p of remaining) if (refused.length === 0 || refused.includes(p.name)) fail(p, log);
      remaining = remaining.filter((p) => !checked.has(p.name));
      if (refused.length === 0 || remaining.length === 0) return { version, pages: checked };
    }
  }
  const site = new Map<string, PublishedPage>();
  for (const p of remaining) {
    const { ids, headingText } = walk(built.html.get(p.name)!);
    site.set(p.name, { ids, headingText });
  }
  for (const p of remaining)
    checked.set(p.name, checkPage({ ...p, markdown: markdownOf(p) }, built.html.get(p.name)!, safe.html.get(p.name), site));
  return { version, pages: checked };
}

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
