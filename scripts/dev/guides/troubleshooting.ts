/** The `troubleshooting` region (guides/troubleshooting.md): one entry per hostile fixture that fails, grouped by what went wrong. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { mdCode, mdText } from "../../core/markdown.js";
import { PACKAGE_ROOT } from "../../core/package-root.js";
import { fencedBlock } from "./markdown.js";

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

/** The hostile fixtures that fail (those with `expected/stderr.txt`), by name. */
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

/** The region: each failing fixture under its group, with its input, exit code and message (a long one cut in the middle). */
export function troubleshootingList(): string {
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
