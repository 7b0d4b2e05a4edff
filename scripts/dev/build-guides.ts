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
 * - `diff-text` and `diff-markdown` (guides/evolution.md): the diff's golden outputs
 *   (test/fixtures/diff/master/), as fenced blocks;
 * - `attribute-counts` (guides/attributes.md): what the attribute index gives on each schema
 *   the project keeps, from test/unit/stages/index-attributes.test.ts's golden listings;
 * - `config-outputs` (guides/configuration.md): every file this repository's config makes
 *   `generate` write, which a schema change commits with the schema;
 * - `cli-help` (guides/cli.md): each command's rules, as its `--help` gives them (the commands'
 *   own definitions in scripts/cli/main.ts, built without running them);
 * - `test-files` (guides/development.md): every test file and what it tests, from the comment
 *   it opens with (how many tests they hold, vitest says at the end of each run).
 *
 * A region is what lies between a line `<!-- generated:NAME -->` and a line
 * `<!-- /generated:NAME -->` (scripts/dev/guides/regions.ts); nothing else in a guide is
 * touched. test/unit/dev/build-guides.test.ts checks that every region is what this would write now
 * (`expectedRegions`). Each region's renderer is a module of scripts/dev/guides/; this module
 * lists the regions and writes them.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PACKAGE_ROOT } from "../core/package-root.js";
import { attributeCounts } from "./guides/attribute-counts.js";
import { benchmarkTable } from "./guides/benchmark.js";
import { commandHelps } from "./guides/cli-help.js";
import { configOutputs, outputsTable } from "./guides/config-outputs.js";
import { fencedBlock } from "./guides/markdown.js";
import { regionOf, withRegion } from "./guides/regions.js";
import { templateContextReference } from "./guides/template-context.js";
import { testFilesTable } from "./guides/test-files.js";
import { troubleshootingList } from "./guides/troubleshooting.js";

export { benchmarkTable } from "./guides/benchmark.js";
export { commandNames, helpText } from "./guides/cli-help.js";
export { type ConfigOutput, configOutputs } from "./guides/config-outputs.js";
export { fencedBlock } from "./guides/markdown.js";
export { regionOf, withRegion } from "./guides/regions.js";
export { contextInterfaces, templateContextTypes } from "./guides/template-context.js";
export { testFiles } from "./guides/test-files.js";
export { hostileCases } from "./guides/troubleshooting.js";

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
