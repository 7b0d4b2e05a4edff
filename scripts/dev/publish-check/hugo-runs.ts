/** The pages published through one Hugo, twice (raw HTML rendered, and omitted), each checked; a page Hugo refuses fails alone. */
import { type HugoRun, hugoAtLeast, hugoVersion, publish } from "../hugo-site.js";
import type { Finding, PageToCheck } from "../publish-check-pages.js";
import { checkPage, type PublishedPage } from "./check-page.js";
import { walk } from "./html.js";

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
