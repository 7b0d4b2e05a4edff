/**
 * Stage 7, lint: parse the rendered page with micromark (remark's tokenizer, with GFM's
 * tables and footnotes: lint/chunk.ts) and check it before
 * anything is written. Problems are reported like unified's messages: the file,
 * line:column in the rendered page, and the rule that failed.
 *
 * Rules:
 * - `anchor`: every `#fragment` link points at a heading of the page (ids as
 *   Hugo makes them from each heading's source text, in page order: `file`,
 *   then `file-1`; core/hugo-anchor.ts).
 * - `table`: every table row has as many cells as its header.
 * - `front-matter`: the page starts with a closed `---` front matter block. Its keys that
 *   Hugo 0.123 and later reserve (`kind`, `path`, `lang`) are warnings, not failures
 *   (lint/front-matter.ts, reported by the pipeline on every build, a cache hit too).
 *
 * - `shortcode`: Hugo shortcodes (`{{<`, `{{%`) appear only as whole-line tags,
 *   the way templates write them; one anywhere else came from text that was
 *   not escaped.
 * - `html`: no raw HTML but comments (text must come through the helpers).
 * - `anchor`, across pages: a link to the page's reference page is written
 *   `[text]({{< relref "backend.md#id" >}})` (the `relref` helper); the file
 *   must be the reference page's and the id, if any, one of its headings' (its intro's,
 *   then its definitions', as its model numbers them). This is the one
 *   shortcode allowed inside a line, and only as a whole link destination; it
 *   is read the way Hugo reads it — a placeholder in the link, replaced by the
 *   URL after the Markdown is rendered — so the parser sees a link there.
 * - `link` (lint/links.ts): no link, image, definition or autolink goes to a
 *   `javascript:`, `vbscript:` or `data:` URL; and, given the page's own texts
 *   (`LintOptions.own`), every other destination but `#id` and relref links is one
 *   they write: any other came from schema text.
 *
 * The body of a paired whole-line shortcode (`{{< code-block … >}}` …
 * `{{< /code-block >}}`) is not Markdown to Hugo: it is handed to the shortcode
 * as is. It is checked for shortcodes, then blanked out (line numbers kept)
 * before the parser sees the page, so that a `[x](#y)` inside a JSON description is
 * not mistaken for a link. It also keeps the parse small: most of a page is
 * JSON. The body of a `{{% %}}` pair is Markdown to Hugo, and is parsed.
 *
 * Parsing Markdown is the slowest part of a large build, so the page is cut into chunks at
 * its `## ` headings (outside fenced code); each chunk is parsed on its own —
 * in worker threads when the page is large — and the page-level rule (anchors)
 * is checked on what the chunks found, in page order.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { HugoIds } from "../../core/hugo-anchor.js";
import { parseChunk, RELREF_SCHEME, type Chunk, type ChunkFindings, type LintMessage } from "./chunk.js";
import { safeDecode } from "../../core/schema-walk.js";
import type { PageFields } from "../../config/page-fields.js";
import { type Destination, foreignMessage, fromTemplateExpression, templateFixedText } from "./links.js";

const idSets = new WeakMap<object, Set<string>>();
/** The reference page's ids as a set, made once per options object. */
function referenceIds(reference: NonNullable<LintOptions["reference"]>): Set<string> {
  let set = idSets.get(reference);
  if (!set) {
    set = new Set(reference.ids);
    idSets.set(reference, set);
  }
  return set;
}

/** What lint knows beyond the page. */
export interface LintOptions {
  /** The page this page links to with `relref`: its name, its file as the links name it, and the ids of its headings. */
  reference?: { name: string; file: string; ids: readonly string[] };
  /**
   * The page's own texts: its config's fields and the source of its template and partials. A link, image,
   * definition or autolink whose destination they do not write (as a parse of them finds it) fails the
   * `link` rule. Without them, only dangerous schemes are refused.
   */
  own?: { fields: PageFields; templates: readonly string[] };
}

const ownSets = new WeakMap<object, Set<string>>();
/**
 * The destinations the page's own texts write, parsed as the page is (one chunk each; small texts): every
 * string of its fields (the intro, any field of a custom template), its links as the definitions the
 * templates write, and the fixed text of its template and partials (links.ts: `templateFixedText`).
 */
function ownDestinations(own: NonNullable<LintOptions["own"]>): Set<string> {
  let set = ownSets.get(own);
  if (set) return set;
  const texts: string[] = own.templates.map(templateFixedText);
  const strings = (value: unknown): void => {
    if (typeof value === "string") texts.push(value);
    else if (Array.isArray(value)) value.forEach(strings);
    else if (typeof value === "object" && value !== null) Object.values(value).forEach(strings);
  };
  strings(own.fields);
  for (const link of own.fields.links ?? []) texts.push(`[${link.label}]: ${link.url}`);
  set = new Set<string>();
  for (const text of texts)
    for (const d of parseChunk({ text, lineOffset: 0 }).destinations) if (!fromTemplateExpression(d.url)) set.add(d.url);
  ownSets.set(own, set);
  return set;
}

/** The `link` rule's messages for destinations the page's own texts do not write. */
function foreignDestinations(destinations: Destination[], options: LintOptions): LintMessage[] {
  if (options.own === undefined || destinations.length === 0) return [];
  const own = ownDestinations(options.own);
  return destinations
    .filter((d) => !own.has(d.url))
    .map((d) => ({ rule: "link", line: d.line, column: d.column, message: foreignMessage(d.kind, d.url) }));
}

/** Lint a page in this thread. */
export function lintPage(markdown: string, options: LintOptions = {}): LintMessage[] {
  const { chunks, messages } = prepare(markdown);
  return finish(chunks.map(parseChunk), messages, options);
}

/** Pages with more chunks than this are linted in worker threads. */
export const PARALLEL_THRESHOLD = 200;

/** Lint a page, in worker threads when it is large and the machine has cores to spare. */
export async function lintPageParallel(
  markdown: string,
  threads = Math.min(availableParallelism(), 4),
  options: LintOptions = {},
): Promise<LintMessage[]> {
  const { chunks, messages } = prepare(markdown);
  // The worker is the bundle's lint-worker.js beside this module's chunk; run from the TypeScript sources there is none, and one thread parses.
  const built = import.meta.url.endsWith(".js");
  if (threads < 2 || !built || chunks.length < PARALLEL_THRESHOLD) return finish(chunks.map(parseChunk), messages, options);
  // Contiguous slices, one per thread, each parsed chunk by chunk; results come back in page order.
  const per = Math.ceil(chunks.length / threads);
  const slices = Array.from({ length: threads }, (_, i) => chunks.slice(i * per, (i + 1) * per)).filter((s) => s.length > 0);
  const workerFile = new URL("./lint-worker.js", import.meta.url);
  const results = await Promise.all(
    slices.map(
      (slice) =>
        new Promise<ChunkFindings[]>((resolve, reject) => {
          const worker = new Worker(workerFile, { workerData: slice });
          worker.once("message", (findings: ChunkFindings[]) => {
            resolve(findings);
            void worker.terminate();
          });
          worker.once("error", reject);
        }),
    ),
  );
  return finish(results.flat(), messages, options);
}

function prepare(markdown: string): { chunks: Chunk[]; messages: LintMessage[] } {
  const messages: LintMessage[] = [];
  const body = stripFrontMatter(markdown, messages);
  const { lines, blank } = blankShortcodeBodies(relrefPlaceholders(body.text), body.lineOffset, messages);
  return { chunks: splitChunks(lines, blank, body.lineOffset), messages };
}

/** `](` `{{< relref "FILE#ID" >}}` `)`: a link destination to another page, as the `relref` helper writes it. */
const RELREF_LINK = /\]\(\{\{< relref "([^"\s]*)" >\}\}\)/g;

/**
 * Each relref link destination becomes `RELREF_SCHEME` + its argument, padded with
 * spaces to the same length (columns stay; the spaces are the destination's trailing
 * white space), as Hugo puts a placeholder there before rendering the Markdown.
 */
function relrefPlaceholders(text: string): string {
  if (!text.includes("relref")) return text;
  return text.replace(RELREF_LINK, (whole, target: string) => {
    const inner = `${RELREF_SCHEME}${target}`;
    return `](${inner}${" ".repeat(whole.length - inner.length - 3)})`;
  });
}

function finish(findings: ChunkFindings[], messages: LintMessage[], options: LintOptions): LintMessage[] {
  const hugo = new HugoIds();
  const ids = new Set<string>();
  for (const f of findings) for (const h of f.headings) ids.add(hugo.next(h));
  for (const f of findings) {
    messages.push(...f.messages, ...foreignDestinations(f.destinations, options));
    for (const link of f.links) {
      if (!ids.has(link.id))
        messages.push({
          rule: "anchor",
          line: link.line,
          column: link.column,
          message: `link to #${link.id} does not match any heading on the page`,
        });
    }
    for (const link of f.pageLinks) {
      const reference = options.reference;
      const hash = link.target.indexOf("#");
      const file = hash === -1 ? link.target : link.target.slice(0, hash);
      const id = hash === -1 ? undefined : safeDecode(link.target.slice(hash + 1));
      const problem =
        reference === undefined
          ? `a relref link to ${JSON.stringify(link.target)}, and the page has no reference page`
          : file !== reference.file
            ? `a relref link to ${JSON.stringify(link.target)}: links to other pages go to the reference page, ${JSON.stringify(reference.file)}`
            : id !== undefined && !referenceIds(reference).has(id)
              ? `link to ${reference.file}#${id} does not match any heading on the reference page (${reference.name})`
              : undefined;
      if (problem !== undefined) messages.push({ rule: "anchor", line: link.line, column: link.column, message: problem });
    }
  }
  return messages.sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * Cuts the page before each `## ` heading that is not inside fenced code. A run of
 * blanked lines (a shortcode's body) goes into its chunk as one empty line, which
 * Markdown reads as it reads the run (a block ends there either way), and the
 * chunk's `lines` say where each of its lines is on the page. Most of a page is
 * those bodies: on the 5,000-definition page, 400,000 of its 531,000 lines,
 * about a fifth of the lint's time when parsed one by one.
 */
function splitChunks(lines: string[], blank: Uint8Array, lineOffset = 0): Chunk[] {
  const chunks: Chunk[] = [];
  const chunkOf = (start: number, end: number): Chunk => {
    const kept: string[] = [];
    const at: number[] = [];
    for (let i = start; i < end; i++) {
      if (blank[i] && i > start && blank[i - 1]) continue;
      kept.push(lines[i]!);
      at.push(lineOffset + i + 1);
    }
    return kept.length === end - start
      ? { text: kept.join("\n"), lineOffset: lineOffset + start }
      : { text: kept.join("\n"), lineOffset: lineOffset + start, lines: at };
  };
  let start = 0;
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (f && (fence === undefined || (f[0] === fence[0] && f.length >= fence.length))) {
      fence = fence === undefined ? f : undefined;
    } else if (fence === undefined && i > start && /^## /.test(line)) {
      chunks.push(chunkOf(start, i));
      start = i;
    }
  }
  chunks.push(chunkOf(start, lines.length));
  return chunks;
}

/** `{{< name … >}}` or `{{% name … %}}` alone on a line; `/name` closes. */
const SHORTCODE_TAG = /^\{\{<\s*(\/?)([\w-]+)(?:\s[^\n]*)?>\}\}\s*$|^\{\{%\s*(\/?)([\w-]+)(?:\s[^\n]*)?%\}\}\s*$/;
const SHORTCODE_OPEN = /\{\{[<%]/g;

/**
 * Reports every `{{<` or `{{%` that is not a whole-line shortcode tag, and
 * replaces the lines between a whole-line `{{< name >}}` and its closing
 * `{{< /name >}}` with empty lines, marked in `blank` (splitChunks keeps one of a run). One pass
 * over the lines: a page of 20,000 sections has millions of them.
 */
function blankShortcodeBodies(text: string, lineOffset: number, messages: LintMessage[]): { lines: string[]; blank: Uint8Array } {
  const lines = text.split("\n");
  const blank = new Uint8Array(lines.length);
  const tagOf = (line: string) => {
    if (!line.startsWith("{{")) return undefined;
    const m = SHORTCODE_TAG.exec(line);
    return m ? { angle: m[2] !== undefined, closing: (m[1] ?? m[3]) === "/", name: (m[2] ?? m[4])! } : undefined;
  };
  const stray = (i: number, what: (found: string) => string) => {
    const line = lines[i]!;
    if (!line.includes("{{")) return;
    for (const m of line.matchAll(SHORTCODE_OPEN))
      messages.push({
        rule: "shortcode",
        line: i + 1 + lineOffset,
        column: m.index + 1,
        message: what(JSON.stringify(line.slice(m.index, m.index + 20))),
      });
  };
  // Where each angle shortcode closes, found from the end so each lookup is O(1).
  const closesAt = new Map<number, number>();
  const nextClose = new Map<string, number>();
  for (let i = lines.length - 1; i >= 0; i--) {
    const tag = tagOf(lines[i]!);
    if (!tag?.angle) continue;
    if (tag.closing) nextClose.set(tag.name, i);
    else if (nextClose.has(tag.name)) closesAt.set(i, nextClose.get(tag.name)!);
  }
  for (let i = 0; i < lines.length; i++) {
    const tag = tagOf(lines[i]!);
    if (!tag) {
      stray(i, (found) => `a Hugo shortcode opens here (${found}) outside a whole-line tag`);
      continue;
    }
    const end = tag.angle && !tag.closing ? closesAt.get(i) : undefined;
    if (end === undefined) continue;
    for (let j = i + 1; j < end; j++) {
      stray(j, (found) => `a Hugo shortcode opens inside the body of {{< ${tag.name} >}} (${found})`);
      lines[j] = "";
      blank[j] = 1;
    }
    i = end;
  }
  return { lines, blank };
}

function stripFrontMatter(markdown: string, messages: LintMessage[]): { text: string; lineOffset: number } {
  if (!markdown.startsWith("---\n")) return { text: markdown, lineOffset: 0 };
  const end = markdown.indexOf("\n---\n", 3);
  if (end === -1) {
    messages.push({ rule: "front-matter", line: 1, column: 1, message: "the front matter opened on line 1 is never closed with ---" });
    return { text: markdown, lineOffset: 0 };
  }
  const head = markdown.slice(0, end + 5);
  const lines = head.split("\n").length - 1;
  return { text: markdown.slice(end + 5), lineOffset: lines };
}
