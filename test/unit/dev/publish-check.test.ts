/**
 * The publication check's rules on hand-written HTML, without Hugo (CI runs the
 * real thing: `npm run publish-check`, after `npm test`, in .ci/run).
 */
import { describe, expect, it } from "vitest";
import { checkPage, selfTestPages, type PageToCheck } from "../../../scripts/dev/publish-check.js";
import { hugoAtLeast, hugoBinaries } from "../../../scripts/dev/hugo-site.js";

const layout = (body: string) =>
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body><main id="main-content">${body}</main></body></html>`;
const page = (markdown: string, extra: Partial<PageToCheck> = {}): PageToCheck => ({
  name: "p",
  source: "p.md",
  markdown: `---\ntitle: t\n---\n\n${markdown}`,
  ...extra,
});
const rules = (p: PageToCheck, body: string, safeBody?: string) =>
  checkPage(p, layout(body), safeBody === undefined ? undefined : layout(safeBody)).findings.map((f) => f.rule);

describe("publish-check rules", () => {
  const good =
    '<h2 id="target"><code>Target</code></h2><table><thead><tr><th>F</th></tr></thead><tbody><tr><td style="text-align:left"><a href="#target">Target</a> <a href="/security_platform/">x</a></td></tr></tbody></table><div class="code-snippet"><pre tabindex="0" class="chroma"><code class="language-json" data-lang="json"><span class="p">{{</span></code></pre></div>';

  it("passes a page whose links land and whose elements Markdown, the layout and the shortcode make", () => {
    expect(rules(page("## `Target`"), good, good)).toEqual([]);
  });

  it("finds a link that lands nowhere, and a link out of the site", () => {
    expect(rules(page(""), '<h2 id="target">T</h2><p><a href="#targt">T</a></p>')).toEqual(["link"]);
    expect(rules(page(""), '<p><a href="javascript:alert(1)">x</a> <a href="//evil.example/">y</a></p>')).toEqual(["link", "link"]);
    // A link lands on the heading that shows what it names (the typographer's quotes aside).
    expect(rules(page(""), '<h2 id="other">Other</h2><p><a href="#other">Target</a></p>')).toEqual(["link"]);
    expect(rules(page(""), '<h2 id="it-s"><code>it\'s</code></h2><p><a href="#it-s">it\u2019s</a></p>')).toEqual([]);
    // A percent-encoded fragment lands on its decoded id.
    expect(rules(page(""), '<h2 id="été">T</h2><p><a href="#%C3%A9t%C3%A9">T</a></p>')).toEqual([]);
  });

  it("finds {{ shown outside code that the Markdown did not write as &#123;{", () => {
    expect(rules(page("a &#123;{x}} b"), "<p>a {{x}} b</p>")).toEqual([]);
    expect(rules(page("a {{x}} b"), "<p>a {{x}} b</p>")).toEqual(["leak"]);
    expect(rules(page("a &#123;{x}} and {{y}}"), "<p>a {{x}} and {{y}}</p>")).toEqual(["leak"]);
    // `}}` the Markdown does not have came from somewhere else.
    expect(rules(page("a b"), "<p>a }} b</p>")).toEqual(["leak"]);
    // Inside <pre> and <code>, and in a shortcode body, braces are the code's.
    expect(rules(page('{{< code-block lang="json" >}}\n{{x}}\n{{< /code-block >}}'), "<pre><code>{{x}}</code></pre>")).toEqual([]);
  });

  it("finds elements and attributes that come from no Markdown, layout or shortcode", () => {
    expect(rules(page(""), "<script>alert(1)</script>")).toEqual(["element"]);
    expect(rules(page(""), '<p><img src="x" onerror="alert(1)"></p>')).toEqual(["element"]);
    expect(rules(page(""), '<p onclick="x">a</p>')).toEqual(["element"]);
    expect(rules(page(""), '<table><tbody><tr><td style="color:red">a</td></tr></tbody></table>')).toEqual(["element"]);
    // An allowed element that only the build with raw HTML has came from raw HTML.
    expect(rules(page(""), "<p>a <em>b</em></p>", "<p>a <!-- raw HTML omitted -->b<!-- raw HTML omitted --></p>")).toEqual(["element"]);
  });

  it("checks that texts are shown as written (literalPunctuation), or not (the control page)", () => {
    expect(rules(page("", { asWritten: [`'a' -- "b"...`] }), `<p>'a' -- "b"...</p>`)).toEqual([]);
    expect(rules(page("", { asWritten: [`'a' -- "b"...`] }), "<p>’a’ – “b”…</p>")).toEqual(["typographer"]);
    expect(rules(page("", { notAsWritten: [`'a' -- "b"...`] }), `<p>'a' -- "b"...</p>`)).toEqual(["typographer"]);
  });

  it("has a self-test page for every rule, hugo's refusal only from the Hugo that refuses kind: documentation", () => {
    expect(new Set(selfTestPages().map((p) => p.expect))).toEqual(
      new Set(["link", "leak", "element", "typographer", "front-matter", "hugo"]),
    );
    // Hugo 0.123 and later refuse a `kind` that is no page kind; earlier ones must publish the same page.
    const refused = selfTestPages().filter((p) => p.expect === "hugo");
    expect(refused.map((p) => [p.since, /^kind: documentation$/m.test(p.markdown)])).toEqual([["0.123.0", true]]);
    expect(hugoAtLeast("hugo v0.131.0+extended linux/amd64", "0.123.0")).toBe(true);
    expect(hugoAtLeast("hugo v0.111.3+extended linux/amd64", "0.123.0")).toBe(false);
    expect(hugoAtLeast("hugo v0.123.0 linux/amd64", "0.123.0")).toBe(true);
  });

  it("publishes through every Hugo of $HUGO, separated by colons, else the one on PATH", () => {
    expect(hugoBinaries({ HUGO: "/usr/bin/hugo:/opt/trixie/usr/bin/hugo" })).toEqual(["/usr/bin/hugo", "/opt/trixie/usr/bin/hugo"]);
    expect(hugoBinaries({})).toEqual(["hugo"]);
    expect(hugoBinaries({ HUGO: "" })).toEqual(["hugo"]);
  });
});
