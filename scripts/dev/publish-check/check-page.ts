/** The rules on one published page: `link`, `leak`, `element` (raw HTML), `front-matter` and `typographer`. */
import type { Finding, PageToCheck, Rule } from "../publish-check-pages.js";
import { type Walked, walk } from "./html.js";

/** Where a link may go: this page, or a path of the site. */
const LINK = /^(#|\/(?![/\\]))/;

type Add = (rule: Rule, message: string) => void;

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
  const add: Add = (rule, message) => findings.push({ page: page.source, rule, message });
  const w = walk(html);
  for (const f of w.findings) add("element", f);
  checkPageLinks(w, site, add);
  checkInPageLinks(w, add);
  checkLeaks(page, w, add);
  if (safeHtml !== undefined) checkRawHtml(w, safeHtml, add);
  for (const problem of paramProblems(page, w.params)) add("front-matter", problem);
  const shownText = w.texts.join("");
  for (const s of page.asWritten ?? []) if (!shownText.includes(s)) add("typographer", `${JSON.stringify(s)} is not shown as written`);
  for (const s of page.notAsWritten ?? [])
    if (shownText.includes(s))
      add("typographer", `${JSON.stringify(s)} is shown as written on the control page: is the typographer on in the site?`);
  return { findings, inPageLinks: w.links.filter((l) => l.startsWith("#")).length, pageLinks: w.toPages.length };
}

/** A link to another page of the site lands on an id of that page, on a heading that shows the link's text. */
function checkPageLinks(w: Walked, site: ReadonlyMap<string, PublishedPage> | undefined, add: Add): void {
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
}

/** Every link goes to this page or a path of the site; an in-page link lands on an id, and on a heading that shows its text. */
function checkInPageLinks(w: Walked, add: Add): void {
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
}

/** Every `{{` shown outside code was written with its first `{` as an entity; every `}}` is one the Markdown has. */
function checkLeaks(page: PageToCheck, w: Walked, add: Add): void {
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
}

/** The page's elements are the same with raw HTML omitted: none comes from raw HTML in the page. */
function checkRawHtml(w: Walked, safeHtml: string, add: Add): void {
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

/** How the front matter Hugo read (`.Params`) differs from the values the page expects (`PageToCheck.params`). */
function paramProblems(page: PageToCheck, params: Record<string, unknown> | undefined): string[] {
  if (page.params === undefined) return [];
  if (params === undefined) return ["the layout wrote no cws-docgen-params meta: Hugo's reading of the front matter is unknown"];
  return Object.entries(page.params)
    .filter(([key, value]) => JSON.stringify(params[key.toLowerCase()] ?? null) !== JSON.stringify(value))
    .map(([key, value]) => `Hugo read "${key}" as ${JSON.stringify(params[key.toLowerCase()] ?? null)}, not ${JSON.stringify(value)}`);
}
