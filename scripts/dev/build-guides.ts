/**
 * `npm run build:guides`: rewrites the generated regions of the guides (guides/*.md),
 * the parts that would drift if they were written by hand:
 *
 * - `template-context` (guides/templates.md): what templates receive, read from the
 *   TypeScript sources of the model (`TemplateContext` in stages/render.ts and every
 *   interface it reaches in stages/model.ts and config/page-fields.ts): each
 *   property, its type and its JSDoc;
 * - `troubleshooting` (guides/troubleshooting.md): one entry per hostile fixture that
 *   fails (test/fixtures/hostile/NAME/: `case.json`'s description and exit code, and
 *   `expected/stderr.txt`, the exact message);
 * - `benchmark` (guides/performance.md): the tables of guides/bench-results.json, as
 *   scripts/dev/bench.ts writes it (one per list of rows, whatever rows and columns they have);
 * - `config-outputs` (guides/configuration.md): every file this repository's config makes
 *   `generate` write, which a schema change commits with the schema;
 * - `cli-help` (guides/cli.md): each command's rules, as its `--help` gives them (the commands'
 *   own definitions in scripts/cli/main.ts, built without running them);
 * - `test-files` (guides/development.md): every test file and what it tests, from the comment
 *   it opens with (how many tests they hold, vitest says at the end of each run).
 *
 * A region is what lies between a line `<!-- generated:NAME -->` and a line
 * `<!-- /generated:NAME -->`; nothing else in a guide is touched. test/unit/dev/build-guides.test.ts
 * checks that every region is what this would write now (`expectedRegions`).
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { buildProgram } from "../cli/main.js";
import { loadConfig, validatorFileOf } from "../config/config.js";
import { escapeInvisible } from "../core/invisible.js";
import { mdCode, mdText } from "../core/markdown.js";
import { PACKAGE_ROOT } from "../core/package-root.js";
import { PACKAGE_FILES } from "../stages/emit-package-folder.js";

export const GUIDES = join(PACKAGE_ROOT, "guides");

export interface Region {
  /** The guide, relative to guides/. */
  guide: string;
  name: string;
  /** Where it comes from (said in the region, and in the test's failure message). */
  source: string;
  render: () => string | Promise<string>;
}

export const REGIONS: readonly Region[] = [
  {
    guide: "templates.md",
    name: "template-context",
    source: "scripts/stages/render.ts, scripts/stages/model.ts, scripts/stages/index-attributes/types.ts, scripts/config/page-fields.ts",
    render: () => templateContextReference(),
  },
  {
    guide: "troubleshooting.md",
    name: "troubleshooting",
    source: "test/fixtures/hostile/*/case.json and expected/stderr.txt",
    render: () => troubleshootingList(),
  },
  {
    guide: "evolution.md",
    name: "diff-text",
    source: "test/fixtures/diff/master/expected.txt (test/unit/diff/compare.test.ts)",
    render: () => fencedBlock(readFileSync(join(PACKAGE_ROOT, "test/fixtures/diff/master/expected.txt"), "utf8").replace(/\n$/, ""), ""),
  },
  {
    guide: "evolution.md",
    name: "diff-markdown",
    source: "test/fixtures/diff/master/expected.md (test/unit/diff/compare.test.ts)",
    render: () =>
      fencedBlock(readFileSync(join(PACKAGE_ROOT, "test/fixtures/diff/master/expected.md"), "utf8").replace(/\n+$/, ""), "markdown"),
  },
  {
    guide: "attributes.md",
    name: "attribute-counts",
    source: "test/fixtures/attributes/expected/*.txt (test/unit/stages/index-attributes.test.ts) and the schemas they list",
    render: () => attributeCounts(),
  },
  {
    guide: "performance.md",
    name: "benchmark",
    source: "guides/bench-results.json (scripts/dev/bench.ts --out)",
    render: () => benchmarkTable(readFileSync(join(GUIDES, "bench-results.json"), "utf8")),
  },
  {
    guide: "configuration.md",
    name: "config-outputs",
    source: "cws-docgen.config.json (read by scripts/config/config.ts)",
    render: async () => outputsTable(await configOutputs(join(PACKAGE_ROOT, "cws-docgen.config.json"))),
  },
  {
    guide: "cli.md",
    name: "cli-help",
    source: "the commands' definitions in scripts/cli/main.ts (their --help)",
    render: () => commandHelps(),
  },
  {
    guide: "development.md",
    name: "test-files",
    source: "the comment each test file (test/, *.test.ts) opens with",
    render: () => testFilesTable(),
  },
];

// ---------------------------------------------------------------------------------------------
// Regions

const opening = (name: string) => `<!-- generated:${name} -->`;
const closing = (name: string) => `<!-- /generated:${name} -->`;

/** Where the region's marker lines are: the opening one's start, and the line break before the closing one. */
function markers(text: string, name: string): { open: number; close: number } | undefined {
  const open = text.indexOf(`${opening(name)}\n`);
  if (open === -1) return undefined;
  const close = text.indexOf(`\n${closing(name)}`, open + opening(name).length);
  return close === -1 ? undefined : { open, close };
}

/** The text between the region's marker lines (without them), or undefined when the guide has no such region. */
export function regionOf(text: string, name: string): string | undefined {
  const m = markers(text, name);
  if (!m) return undefined;
  return text.slice(Math.min(m.open + opening(name).length + 1, m.close), m.close);
}

/** The guide with the region's content (lines, without a final line break) replaced; the guide must have the region. */
export function withRegion(text: string, name: string, content: string): string {
  const m = markers(text, name);
  if (!m) throw new Error(`no region ${opening(name)} … ${closing(name)} (each on a line of its own)`);
  const lines = content === "" ? "" : `${content}\n`;
  return `${text.slice(0, m.open)}${opening(name)}\n${lines}${text.slice(m.close + 1)}`;
}

/** What the region holds: a note saying where it comes from, then the rendered Markdown. */
export async function regionContent(region: Region): Promise<string> {
  return `<!-- written by \`npm run build:guides\` from ${region.source}: edit those, not this -->\n\n${(await region.render()).trim()}`;
}

/** Every region: what the guide holds now, and what this generator would write. */
export async function expectedRegions(): Promise<{ region: Region; file: string; actual: string | undefined; expected: string }[]> {
  const out = [];
  for (const region of REGIONS) {
    const file = join(GUIDES, region.guide);
    out.push({ region, file, actual: regionOf(readFileSync(file, "utf8"), region.name), expected: await regionContent(region) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The template context, from the TypeScript sources

const CONTEXT_SOURCES = [
  "scripts/stages/render.ts",
  "scripts/stages/model.ts",
  "scripts/stages/index-attributes/types.ts",
  "scripts/config/page-fields.ts",
];
const CONTEXT_ROOT = "TemplateContext";

interface Declared {
  decl: ts.InterfaceDeclaration;
  source: ts.SourceFile;
  file: string;
}

/** One line of a table: a property, an index signature, or a property of an inline object type. */
interface Row {
  key: string;
  type: string;
  optional: boolean;
  doc: string;
}

function docOf(node: ts.Node): string {
  const parts: string[] = [];
  for (const d of ts.getJSDocCommentsAndTags(node)) {
    if (ts.isJSDoc(d)) {
      const text = ts.getTextOfJSDocComment(d.comment);
      if (text) parts.push(text);
    }
  }
  return parts.join(" ").replace(/\s+/g, " ").trim();
}

/** Type text as one line: the source's spelling, whitespace collapsed. */
function typeText(node: ts.TypeNode | undefined, source: ts.SourceFile): string {
  return node ? node.getText(source).replace(/\s+/g, " ").trim() : "any";
}

function rowsOf(members: ts.NodeArray<ts.TypeElement>, source: ts.SourceFile, prefix: string): Row[] {
  const rows: Row[] = [];
  for (const m of members) {
    if (ts.isPropertySignature(m)) {
      const key = prefix + m.name.getText(source);
      const optional = m.questionToken !== undefined;
      if (m.type && ts.isTypeLiteralNode(m.type)) {
        rows.push({ key, type: "object", optional, doc: docOf(m) });
        rows.push(...rowsOf(m.type.members, source, `${key}.`));
      } else {
        rows.push({ key, type: typeText(m.type, source), optional, doc: docOf(m) });
      }
    } else if (ts.isIndexSignatureDeclaration(m)) {
      const p = m.parameters[0];
      const key = `${prefix}[${p ? p.getText(source) : "key: string"}]`;
      rows.push({ key, type: typeText(m.type, source), optional: true, doc: docOf(m) || "any other key" });
    }
  }
  return rows;
}

/** The names of the declared interfaces a node refers to, in order of first use. */
function referencedNames(node: ts.Node, declared: ReadonlyMap<string, Declared>, into: string[]): void {
  const visit = (n: ts.Node): void => {
    if (
      (ts.isTypeReferenceNode(n) || ts.isExpressionWithTypeArguments(n)) &&
      ts.isIdentifier(ts.isTypeReferenceNode(n) ? n.typeName : n.expression)
    ) {
      const name = (ts.isTypeReferenceNode(n) ? n.typeName : n.expression).getText();
      if (declared.has(name) && !into.includes(name)) into.push(name);
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
}

/** Interfaces by name, from the context's source files (the first file that declares a name wins). */
export function contextInterfaces(): Map<string, Declared> {
  const declared = new Map<string, Declared>();
  for (const file of CONTEXT_SOURCES) {
    const text = readFileSync(join(PACKAGE_ROOT, file), "utf8");
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    for (const statement of source.statements) {
      if (ts.isInterfaceDeclaration(statement) && !declared.has(statement.name.text)) {
        declared.set(statement.name.text, { decl: statement, source, file });
      }
    }
  }
  return declared;
}

/** The interfaces templates see, from `TemplateContext` on, in order of first use, each with its rows. */
export function templateContextTypes(): { name: string; file: string; doc: string; extends: string[]; rows: Row[] }[] {
  const declared = contextInterfaces();
  const order = [CONTEXT_ROOT];
  const out = [];
  for (let i = 0; i < order.length; i++) {
    const name = order[i]!;
    const d = declared.get(name);
    if (!d) throw new Error(`build-guides: interface ${name} is not declared in ${CONTEXT_SOURCES.join(", ")}`);
    const bases: string[] = [];
    for (const clause of d.decl.heritageClauses ?? []) for (const t of clause.types) bases.push(t.expression.getText(d.source));
    referencedNames(d.decl, declared, order);
    out.push({ name, file: d.file, doc: docOf(d.decl), extends: bases, rows: rowsOf(d.decl.members, d.source, "") });
  }
  return out;
}

/** A table cell: one line, every `|` not yet escaped escaped (GFM splits cells on it even inside code spans). */
function cell(markdown: string): string {
  return markdown.replace(/\s+/g, " ").replace(/(\\*)\|/g, (m, slashes: string) => (slashes.length % 2 === 0 ? `${slashes}\\|` : m));
}

/** A code span for trusted source text (a type), with a fence longer than any backtick run in it. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

function templateContextReference(): string {
  const types = templateContextTypes();
  const names = new Set(types.map((t) => t.name));
  /** GitHub's heading id of ### `Name`: the name, lowercased. */
  const link = (name: string) => `[\`${name}\`](#${name.toLowerCase()})`;
  const typeCell = (type: string) => {
    const linked = [...new Set(type.match(/\b[A-Z]\w*/g) ?? [])].filter((n) => names.has(n));
    return cell(code(type)) + (linked.length > 0 ? ` (${linked.map(link).join(", ")})` : "");
  };
  const parts: string[] = [];
  for (const t of types) {
    parts.push(`### \`${t.name}\``, "");
    const about = [t.doc, `Declared in \`${t.file}\`.`].filter(Boolean).join(" ");
    parts.push(about, "");
    if (t.extends.length > 0) parts.push(`Every key of ${t.extends.map(link).join(" and ")}, and:`, "");
    parts.push("| key | type | always there | what it is |", "| --- | --- | --- | --- |");
    for (const r of t.rows)
      parts.push(`| ${cell(code(r.key))} | ${typeCell(r.type)} | ${r.optional ? "no" : "yes"} | ${cell(r.doc) || "—"} |`);
    parts.push("");
  }
  return parts.join("\n");
}

// ---------------------------------------------------------------------------------------------
// The troubleshooting list, from the hostile fixtures

const HOSTILE = "test/fixtures/hostile";
/** Longer messages show their first lines and their last ones; the file has the whole. */
const HEAD_LINES = 6;
const TAIL_LINES = 2;

/** The groups, in order: a fixture goes to the first whose pattern matches its name; the rest to the last. */
const GROUPS: readonly { title: string; names: RegExp }[] = [
  { title: "The schema file cannot be read", names: /^(missing-file.*|directory|not-a-regular-file|empty-file|binary-garbage)$/ },
  { title: "The JSON is broken", names: /^(invalid-json|unterminated-string|referenced-file-broken)$/ },
  {
    title: "The schema has the wrong shape",
    names: /^(root-array|root-boolean|definitions-not-object|properties-not-object|ref-not-string)$/,
  },
  { title: "A `$ref` cannot be followed", names: /^(ref-|many-dangling-refs$|backslash-across-files$)/ },
  { title: "It is not valid JSON Schema for its draft", names: /^(invalid-|bad-regex$|many-meta-errors$|unknown-schema-uri$)/ },
  {
    title: "A number, an `$id` or a bound the outputs could not keep as the schema means it",
    names: /^(numbers-not-kept|nested-id.*|min-items-over-max-items)$/,
  },
  {
    title: "A name the page or the types cannot show",
    names: /^(blank-definition-names|unanchorable-names|lone-surrogate-name|root-type-.*)$/,
  },
  { title: "An output is refused", names: /^(output-|outputs-same-file$|validator-is-types$)/ },
  { title: "The events package's name or folder is refused", names: /^package-/ },
  { title: "Other problems", names: /^/ },
];

interface HostileCase {
  name: string;
  description: string;
  code: number;
  stderr: string;
}

export function hostileCases(): HostileCase[] {
  const root = join(PACKAGE_ROOT, HOSTILE);
  const cases: HostileCase[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    let stderr: string;
    try {
      stderr = readFileSync(join(root, entry.name, "expected/stderr.txt"), "utf8");
    } catch {
      continue; // a case that builds: no message
    }
    const meta = JSON.parse(readFileSync(join(root, entry.name, "case.json"), "utf8")) as { description?: unknown; code?: unknown };
    cases.push({
      name: entry.name,
      description: typeof meta.description === "string" ? meta.description : "",
      code: typeof meta.code === "number" ? meta.code : 0,
      stderr,
    });
  }
  return cases.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------
// Each command's --help

/**
 * What `cws-docgen ARGS --help` prints, 80 columns wide and without colours whatever the terminal
 * (the commands are built, not run: nothing is read but their definitions).
 */
export function helpText(args: readonly string[]): string {
  let text = "";
  const write = (s: string) => {
    text += s;
  };
  const program = buildProgram({ stdout: write, stderr: write, data: write });
  for (const command of [program, ...program.commands]) {
    command.configureHelp({ ...command.configureHelp(), helpWidth: 80 });
    command.configureOutput({ ...command.configureOutput(), getOutHasColors: () => false, getErrHasColors: () => false });
  }
  try {
    program.parse([...args, "--help"], { from: "user" });
  } catch {
    // --help ends the parse with commander's exit, as in main().
  }
  return text;
}

/** The names of the commands, in the order the top-level help lists them (`help` left out). */
export function commandNames(): string[] {
  return buildProgram({ stdout: () => undefined, stderr: () => undefined, data: () => undefined })
    .commands.map((c) => c.name())
    .filter((name) => name !== "help");
}

function commandHelps(): string {
  const parts = ["### `cws-docgen --help`", "", fencedBlock(helpText([]).trimEnd())];
  for (const name of commandNames()) parts.push("", `### \`cws-docgen ${name} --help\``, "", fencedBlock(helpText([name]).trimEnd()));
  return parts.join("\n");
}

// ---------------------------------------------------------------------------------------------
// The test files

/** Every test file (each `*.test.ts` under test/, relative to the root) and the first paragraph of the comment it opens with; one without that comment throws. */
export function testFiles(): { file: string; about: string }[] {
  const files = readdirSync(join(PACKAGE_ROOT, "test"), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".test.ts") && !f.split(sep).includes("fixtures"))
    .map((f) => `test/${f.split(sep).join("/")}`)
    .sort();
  return files.map((file) => {
    // After any triple-slash directives (`/// <reference lib="dom" />`).
    const opening = /^(?:\/\/\/[^\n]*\n)*\/\*\*([\s\S]*?)\*\//.exec(readFileSync(join(PACKAGE_ROOT, file), "utf8"));
    if (!opening) throw new Error(`${file} does not open with a /** comment that says what it tests`);
    const text = opening[1]!.replace(/^[ \t]*\* ?/gm, "").trim();
    return { file, about: text.split(/\n\s*\n/)[0]!.replace(/\s+/g, " ") };
  });
}

function testFilesTable(): string {
  const files = testFiles();
  const rows = files.map(({ file, about }) => `| ${code(file)} | ${cell(about)} |`);
  return [`${files.length} test files:`, "", "| file | what it tests |", "| --- | --- |", ...rows].join("\n");
}

/**
 * A fenced code block that shows `text` and nothing else: invisible characters and
 * carriage returns as `\u` escapes, and a fence longer than any run of backticks in it.
 */
export function fencedBlock(text: string, info = "text"): string {
  const shown = escapeInvisible(text).replace(/\r/g, "\\u000d");
  const longest = Math.max(0, ...(shown.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${shown}\n${fence}`;
}

function troubleshootingList(): string {
  const cases = hostileCases();
  const parts: string[] = [];
  const placed = new Set<string>();
  for (const group of GROUPS) {
    const members = cases.filter((c) => !placed.has(c.name) && group.names.test(c.name));
    if (members.length === 0) continue;
    parts.push(`### ${group.title}`, "");
    for (const c of members) {
      placed.add(c.name);
      const lines = c.stderr.replace(/\n$/, "").split("\n");
      const cut = lines.length > HEAD_LINES + TAIL_LINES + 1;
      const shown = cut ? [...lines.slice(0, HEAD_LINES), "⋮", ...lines.slice(-TAIL_LINES)] : lines;
      parts.push(`#### ${mdCode(c.name, { table: false })}`, "");
      parts.push(`Input: ${mdText(c.description)}; exit code ${c.code}.`, "");
      parts.push(fencedBlock(shown.join("\n")), "");
      if (cut) {
        const left = lines.length - HEAD_LINES - TAIL_LINES;
        parts.push(
          `(${left} lines left out at the ⋮, ${lines.length} in all: the whole message is \`${HOSTILE}/${c.name}/expected/stderr.txt\`.)`,
          "",
        );
      }
    }
  }
  return parts.join("\n");
}

// ---------------------------------------------------------------------------------------------
// The benchmark table, from the bench's JSON

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isRecord(v: unknown): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** One value in a table cell: numbers with at most 3 decimals, as written (no padding zeros). */
function valueCell(v: Json | undefined): string {
  if (v === undefined || v === null) return "—";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(3)));
  if (typeof v === "string") return cell(mdText(v));
  if (typeof v === "boolean") return String(v);
  return cell(code(JSON.stringify(v)));
}

/** Titles for the tables scripts/dev/bench.ts writes; any other list of rows is titled with its key. */
const BENCH_TABLES: Readonly<Record<string, string>> = {
  cases:
    "Cold full build (`generate --no-cache`: page, types, validator) against json-schema-to-typescript's CLI (`--unreachableDefinitions`), seconds, MiB (peak RSS), bytes",
  stages: "Where our cold build spends its time: `--timings`, milliseconds (`process`: Node's wall time, module loading included)",
  modules:
    "Module-load costs, milliseconds: a fresh `node` that imports the module, minus one that imports nothing (`importMs`: the `import()` alone, timed inside)",
  npm: "`npm run generate` (the build up to date) against `node dist/cli.js generate` on the seed, seconds",
  attributes:
    "Stage 5, the attribute index, in process: paths listed, or refused past `maxAttributes`; milliseconds (`prepareMs`: stages 1, 2 and 4, once)",
};

/** One table: a column per key any row has (in order of first appearance), plus `vs json2ts` for the bench's old rows. */
function rowsTable(rows: Record<string, Json>[]): string[] {
  const columns: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
  const ratio =
    columns.includes("command") && columns.includes("size") && columns.includes("medianSeconds")
      ? (r: Record<string, Json>): string => {
          const base = rows.find((b) => b.size === r.size && b.command === "json2ts");
          const a = r.medianSeconds;
          const b = base?.medianSeconds;
          return typeof a === "number" && typeof b === "number" && b > 0 ? `${(a / b).toFixed(2)}x` : "—";
        }
      : undefined;
  const header = [...columns, ...(ratio ? ["vs json2ts"] : [])];
  const out = [`| ${header.map((c) => cell(mdText(c))).join(" | ")} |`];
  out.push(`| ${header.map((c) => (c === "vs json2ts" || rows.some((r) => typeof r[c] === "number") ? "---:" : "---")).join(" | ")} |`);
  for (const r of rows) out.push(`| ${[...columns.map((c) => valueCell(r[c])), ...(ratio ? [ratio(r)] : [])].join(" | ")} |`);
  return out;
}

/**
 * The tables of a bench result file: a line saying when and on what (every value that
 * is not a list of rows), then one table per list of rows, titled (when there are
 * several), one row per entry, one column per key. Tolerant by design: it renders what
 * the file holds, whatever shape the bench gives it next.
 */
export function benchmarkTable(jsonText: string): string {
  const data = JSON.parse(jsonText) as Json;
  const top = isRecord(data) ? data : { results: data };
  const isRows = (v: Json | undefined): v is Record<string, Json>[] => Array.isArray(v) && v.every(isRecord);
  const lists = Object.keys(top).filter((k) => isRows(top[k]));

  const about: string[] = [];
  for (const [key, value] of Object.entries(top)) {
    if (lists.includes(key)) continue;
    if (isRecord(value)) {
      about.push(
        `${mdText(key)}: ${Object.entries(value)
          .map(([k, v]) => `${mdText(k)} ${valueCell(v)}`)
          .join(", ")}`,
      );
    } else {
      about.push(`${mdText(key)}: ${valueCell(value)}`);
    }
  }

  const out = [`Measured with ${about.join("; ")}.`, ""];
  const tables = lists.filter((k) => (top[k] as Json[]).length > 0);
  if (tables.length === 0) return [...out, "(the file holds no results)"].join("\n");
  for (const key of tables) {
    if (tables.length > 1) out.push(`**${BENCH_TABLES[key] ?? mdText(key)}**`, "");
    out.push(...rowsTable(top[key] as Record<string, Json>[]), "");
  }
  return out.join("\n").trimEnd();
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  for (const region of REGIONS) {
    const file = join(GUIDES, region.guide);
    const before = readFileSync(file, "utf8");
    const after = withRegion(before, region.name, await regionContent(region));
    if (after === before) {
      console.log(`unchanged guides/${region.guide} (${region.name})`);
    } else {
      writeFileSync(file, after);
      console.log(`wrote guides/${region.guide} (${region.name})`);
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();

// ---------------------------------------------------------------------------------------------
// Attribute counts

/**
 * What the attribute index gives on each schema the project keeps, read from the golden
 * listings of test/unit/stages/index-attributes.test.ts (one line per attribute: its marked path, a colon, its
 * type and marks) and the schemas themselves (their definitions).
 */
function attributeCounts(): string {
  const listings = join(PACKAGE_ROOT, "test/fixtures/attributes/expected");
  const schemaOf = (name: string) =>
    name === "backend.schema"
      ? join(PACKAGE_ROOT, "schema/backend.schema.json")
      : join(PACKAGE_ROOT, "test/fixtures/corpus", `${name}.json`);
  const rows = readdirSync(listings)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((f) => {
      const name = f.slice(0, -".txt".length);
      const schema = JSON.parse(readFileSync(schemaOf(name), "utf8")) as Record<string, unknown>;
      const definitions = Object.keys({ ...(schema.definitions as object | undefined), ...(schema.$defs as object | undefined) }).length;
      const lines = readFileSync(join(listings, f), "utf8")
        .split("\n")
        .filter((l) => l !== "");
      const paths = lines.map((l) => l.slice(0, l.indexOf(": ")));
      const depth = Math.max(...paths.map((p) => p.split(".").length));
      const deepest = paths.find((p) => p.split(".").length === depth)!;
      return [
        name === "backend.schema" ? "seed (`schema/backend.schema.json`)" : mdCode(`${name}.json`),
        String(definitions),
        String(paths.length),
        String(new Set(paths.map((p) => p.split(".")[0])).size),
        String(paths.filter((p) => p.endsWith("[]")).length),
        String(paths.filter((p) => p.split(".").some((s) => /^\*(\[\])*$/.test(s))).length),
        String(lines.filter((l) => /; required;/.test(l)).length),
        `${depth}: ${mdCode(deepest)}`,
      ];
    });
  return [
    "| schema | definitions | attribute paths | top-level | arrays | wildcards | required | deepest |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------
// The outputs of a config

export interface ConfigOutput {
  /** Relative to the config's folder, `/`-separated. */
  file: string;
  page: string;
  what: string;
}

/**
 * Every file `generate` writes for a config, page by page in the order of `pageOutputs`
 * (scripts/pipeline/pipeline.ts): the page, then, for a page with types of its own, the types,
 * the validator, the attribute index and the events package's files. The config is read by the
 * command's own reader, so its defaults (the validator beside the types) and its rules (a page
 * with a `reference` and no `types` writes its page alone) are the command's.
 */
export async function configOutputs(configFile: string): Promise<ConfigOutput[]> {
  const dir = dirname(configFile);
  const rel = (file: string) => relative(dir, file).split(sep).join("/");
  const outputs: ConfigOutput[] = [];
  for (const page of await loadConfig(configFile)) {
    const add = (file: string, what: string) => outputs.push({ file: rel(file), page: page.name, what });
    add(page.docs, "the page");
    if (page.sharedTypes) continue;
    add(page.types, "the TypeScript types");
    add(validatorFileOf(page), "the validator");
    if (page.attributes !== undefined) add(page.attributes, "the attribute index (JSON)");
    if (page.package !== undefined)
      for (const name of PACKAGE_FILES) add(join(page.package.dir, name), `the events package \`${page.package.name}\``);
  }
  return outputs;
}

/** The outputs as a table: file, page, what it is. */
function outputsTable(outputs: ConfigOutput[]): string {
  return [
    `${outputs.length} files:`,
    "",
    "| file | page | what |",
    "| --- | --- | --- |",
    ...outputs.map((o) => `| ${cell(code(o.file))} | ${cell(code(o.page))} | ${cell(o.what)} |`),
  ].join("\n");
}
