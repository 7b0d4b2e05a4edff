/**
 * The publication check: the pages published through real Hugo, the way the
 * docs site publishes them (test/hugo-site/: Hugo's default Markdown settings,
 * the typographer on, raw HTML rendered, a `code-block` shortcode modelled on
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
 *   npm run publish-check            (needs hugo; Debian: apt-get install -y hugo)
 *   node dist/dev/publish-check.js [FILE.md …]   (only these pages, no self-test)
 */
import { readdir, readFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, type DefaultTreeAdapterTypes as T } from "parse5";
import { DEFAULT_TEMPLATE, PACKAGE_ROOT } from "../core/package-root.js";
import { pageFields } from "../config/page-fields.js";
import { lintPage } from "../stages/07-lint/lint.js";
import { type HugoRun, publish } from "./hugo-site.js";

export type Rule = "link" | "leak" | "element" | "typographer" | "hugo";

export interface Finding {
  page: string;
  rule: Rule;
  message: string;
}

export interface PageToCheck {
  /** Name in the site (`[a-z0-9-]`), and where it comes from (for messages). */
  name: string;
  source: string;
  markdown: string;
  /** Texts the page must show exactly as written (outside code). */
  asWritten?: string[];
  /** Texts the page must not show as written (the typographer's control page). */
  notAsWritten?: string[];
}

/** Elements Markdown (Goldmark + GFM), the layout and the `code-block` shortcode make, with the attributes each may have. */
const ALLOWED: Record<string, readonly string[]> = {
  html: ["lang"],
  head: [],
  meta: ["charset"],
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

  const shownText = w.texts.join("");
  for (const s of page.asWritten ?? []) if (!shownText.includes(s)) add("typographer", `${JSON.stringify(s)} is not shown as written`);
  for (const s of page.notAsWritten ?? [])
    if (shownText.includes(s))
      add("typographer", `${JSON.stringify(s)} is shown as written on the control page: is the typographer on in the site?`);
  return { findings, inPageLinks: w.links.filter((l) => l.startsWith("#")).length, pageLinks: w.toPages.length };
}

/** What the check found on one page. */
export interface Checked {
  findings: Finding[];
  /** How many `#` links the page has (each one landed unless a finding says otherwise). */
  inPageLinks: number;
  /** How many links to a heading of another page it has (likewise). */
  pageLinks: number;
}

/** Publishes the pages twice (raw HTML rendered, and omitted) and checks each. */
export async function checkPages(pages: PageToCheck[]): Promise<{ version: string; pages: Map<string, Checked> }> {
  const byName = new Map(pages.map((p) => [p.name, p.markdown]));
  const checked = new Map<string, Checked>();
  let built: HugoRun;
  let safe: HugoRun | undefined;
  try {
    [built, safe] = await Promise.all([publish(byName), publish(byName, { extraConfig: "raw-html-off.toml" })]);
  } catch (err) {
    for (const p of pages)
      checked.set(p.name, {
        findings: [{ page: p.source, rule: "hugo", message: err instanceof Error ? err.message : String(err) }],
        inPageLinks: 0,
        pageLinks: 0,
      });
    return { version: "", pages: checked };
  }
  const site = new Map<string, PublishedPage>();
  for (const p of pages) {
    const { ids, headingText } = walk(built.html.get(p.name)!);
    site.set(p.name, { ids, headingText });
  }
  for (const p of pages) checked.set(p.name, checkPage(p, built.html.get(p.name)!, safe.html.get(p.name), site));
  return { version: built.version, pages: checked };
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

/** The pages CI publishes: the seed page, the corpus pages, the hostile pages, the typographer pair. */
export async function defaultPages(): Promise<PageToCheck[]> {
  const pages: PageToCheck[] = [];
  const add = async (name: string, file: string) =>
    pages.push({ name, source: file, markdown: await readFile(join(PACKAGE_ROOT, file), "utf8") });
  await add("seed", "test/fixtures/seed/backend.md");
  // The committed outputs: this repository's page and the examples' pages (one of them from a custom template).
  // Under their own file names: the attributes page links to its reference page by file (relref).
  for (const f of (await readdir(join(PACKAGE_ROOT, "docs"))).filter((f) => f.endsWith(".md")).sort())
    await add(`docs/${basename(f, ".md")}`, `docs/${f}`);
  for (const example of ["custom-template", "multi-page"]) {
    for (const f of (await readdir(join(PACKAGE_ROOT, "examples", example, "docs"))).filter((f) => f.endsWith(".md")).sort()) {
      await add(`example-${example}-${slug(basename(f, ".md"))}`, `examples/${example}/docs/${f}`);
    }
  }
  for (const f of (await readdir(join(PACKAGE_ROOT, "test/fixtures/corpus/expected"))).filter((f) => f.endsWith(".md")).sort()) {
    await add(`corpus/${basename(f, ".md")}`, `test/fixtures/corpus/expected/${f}`);
  }
  // The hostile attributes page and its reference page (test/attributes-page.test.ts), linked by relref.
  for (const f of (await readdir(join(PACKAGE_ROOT, "test/fixtures/attributes-page/expected"))).filter((f) => f.endsWith(".md")).sort())
    await add(`attributes-page/${basename(f, ".md")}`, `test/fixtures/attributes-page/expected/${f}`);
  const hostile = "test/fixtures/hostile";
  for (const c of (await readdir(join(PACKAGE_ROOT, hostile), { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()) {
    const file = `${hostile}/${c}/expected/page.md`;
    if (
      await readFile(join(PACKAGE_ROOT, file)).then(
        () => true,
        () => false,
      )
    )
      await add(`hostile-${slug(c)}`, file);
  }
  pages.push(...(await typographerPages()));
  return pages;
}

/** Descriptions of test/fixtures/hugo/typographer.schema.json, which the typographer would change. */
async function typographerPages(): Promise<PageToCheck[]> {
  const schemaFile = "test/fixtures/hugo/typographer.schema.json";
  const schema = JSON.parse(await readFile(join(PACKAGE_ROOT, schemaFile), "utf8")) as Record<string, unknown>;
  // The property descriptions (the tables show them; the template shows no definition's own description).
  const descriptions: string[] = [];
  JSON.stringify(schema, function (this: Record<string, unknown>, key, value: unknown) {
    if (key === "properties" && typeof value === "object" && value !== null) {
      for (const p of Object.values(value as Record<string, { description?: unknown }>))
        if (typeof p.description === "string") descriptions.push(p.description);
    }
    return value;
  });
  // What the typographer changes when it may: quotes, `--`, `...` (`<<` and `>>` are entities on every page).
  const changed = descriptions.filter((d) => /['"]|--|\.\.\./.test(d));
  const { buildPage } = await import("../pipeline/pipeline.js");
  const build = async (literalPunctuation: boolean, fields: Record<string, unknown> = {}) => {
    const config = {
      name: "typographer",
      schema: join(PACKAGE_ROOT, schemaFile),
      template: DEFAULT_TEMPLATE,
      docs: "typographer.md",
      types: "typographer.ts",
      rootType: "Event",
      page: pageFields({ fields }),
      ...(literalPunctuation ? { literalPunctuation } : {}),
    };
    return (await buildPage(config, {}, { types: false, cache: false })).docs.content;
  };
  // Intro headings whose ids the definition's heading repeats: Hugo numbers it after them.
  const intro = ["## SELinuxEvent!", "A setext heading:", "SELinux**Event**\n============", "The events:"];
  return [
    { name: "typographer-literal", source: `${schemaFile} (literalPunctuation)`, markdown: await build(true), asWritten: descriptions },
    {
      name: "typographer-control",
      source: `${schemaFile} (control: without literalPunctuation)`,
      markdown: await build(false),
      notAsWritten: changed,
    },
    { name: "intro-headings", source: `${schemaFile} (intro with headings)`, markdown: await build(false, { intro }) },
  ];
}

/**
 * Pages that must fail, each with the rule meant for it (the check's own test). Those marked `lint` hold a
 * link or an image that schema text written without a helper could make: the lint stage must refuse each
 * too (its `link` rule), so that what Hugo publishes as a link or an image is what the lint reads as one.
 */
export function selfTestPages(): (PageToCheck & { expect: Rule; lint?: true })[] {
  const page = (body: string) => `---\ntitle: self-test\n---\n\n## \`Target\`\n\n${body}\n`;
  const bad = (name: string, expect: Rule, body: string, extra: Partial<PageToCheck> = {}) => ({
    name: `self-test-${name}`,
    source: `self-test: ${name}`,
    markdown: page(body),
    expect,
    ...extra,
  });
  const link = (name: string, expect: Rule, body: string) => ({ ...bad(name, expect, body), lint: true as const });
  return [
    link("encoded-javascript-link", "link", "See [x](jav&#97;script:alert(1))."),
    link("javascript-definition", "link", "See [docs].\n\n[docs]: javascript:alert(1)"),
    link("tracking-image", "element", "A process. ![](https://evil.example/t.gif?u=1)"),
    link("autolink", "link", "See <https://evil.example/login>."),
    link("www-literal", "link", "See www.evil.example today."),
    link("https-literal", "link", "See https://evil.example/login today."),
    link("email-literal", "link", "Write to help@evil.example today."),
    link("ftp-literal", "link", "Get ftp://evil.example/x today."),
    bad("broken-link", "link", "See [Target](#target-1)."),
    // github-slugger's id for this heading (Hugo's is "istanbul"): what the page linked to before.
    {
      ...bad("github-slug", "link", "See [İstanbul](#i̇stanbul)."),
      markdown: "---\ntitle: self-test\n---\n\n## `İstanbul`\n\nSee [İstanbul](#i̇stanbul).\n",
    },
    bad("wrong-heading", "link", "## `Other`\n\nSee [Target](#other)."),
    link("javascript-link", "link", "See [x](javascript:alert(1))."),
    // A link to another page (as the attributes page makes with relref) whose id that page does not have.
    bad("page-link", "link", 'See [Target]({{< relref "self-test-broken-link.md#targett" >}}).'),
    bad("handlebars-text", "leak", "| Field | Description |\n| ----- | ----------- |\n| `a` | {{text description}} |"),
    bad("shortcode-text", "leak", "A {{</* code-block */>}} tag shown as text."),
    bad("script", "element", '<script>alert("x")</script>'),
    bad("img-onerror", "element", 'An image <img src="x" onerror="alert(1)"> inline.'),
    bad("iframe", "element", '<iframe src="https://example.invalid/"></iframe>'),
    bad("raw-emphasis", "element", "Raw <em>emphasis</em>, an allowed tag, but from raw HTML."),
    bad("onclick", "element", '<p class="x" onclick="alert(1)">text</p>'),
    bad("typographer", "typographer", "| Field | Description |\n| ----- | ----------- |\n| `a` | 'enforcing' -- \"x\"... |", {
      asWritten: [`'enforcing' -- "x"...`],
    }),
  ];
}

function report(findings: Finding[]): string[] {
  return findings.map((f) => `publish-check: ${f.page}: ${f.rule}: ${f.message}`);
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
  const { version, pages: checked } = await checkPages([...selfTest, ...pages]);
  const findingsOf = (name: string) => checked.get(name)?.findings ?? [];
  let failed = 0;
  // The self-test: each bad page fails with its rule; otherwise the check could not see that kind of problem.
  for (const s of selfTest) {
    const got = findingsOf(s.name);
    // No text of the page is its own (no config fields, no template): every link and image is foreign.
    const own = { fields: { title: "self-test", description: "" }, templates: [] };
    if (s.lint && !lintPage(s.markdown, { own }).some((m) => m.rule === "link")) {
      failed++;
      console.log(`publish-check: self-test: ${s.source}: the lint stage lets through what Hugo publishes as a link or an image`);
    }
    if (got.some((f) => f.rule === s.expect)) continue;
    failed++;
    console.log(
      `publish-check: self-test: ${s.source} should fail with "${s.expect}" and got ${got.length === 0 ? "nothing" : got.map((f) => f.rule).join(", ")}`,
    );
  }
  if (selfTest.length > 0) console.log(`publish-check: self-test: ${selfTest.length - failed} of ${selfTest.length} broken pages caught`);
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
    `publish-check: ${pages.length} pages published through ${version || "hugo (failed)"}; ${links} in-page links and ${pageLinks} links to other pages checked`,
  );
  console.log(`publish-check: ${pages.length - bad} passed, ${bad} failed`);
  return failed > 0 || bad > 0 ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2));
}
