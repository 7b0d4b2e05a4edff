/** The published HTML read back (parse5): its elements against the allow-list, its ids, headings, links and text. */
import { parse, type DefaultTreeAdapterTypes as T } from "parse5";

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

export interface Walked {
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

/** Reads a page's HTML: what the rules look at, and the elements or attributes the allow-list does not have. */
export function walk(html: string): Walked {
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
