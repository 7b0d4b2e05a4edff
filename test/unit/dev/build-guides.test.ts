/**
 * The generated regions of the guides (scripts/dev/build-guides.ts) are what the
 * generator would write now: the template context from the model's types, the
 * troubleshooting list from the hostile fixtures, the benchmark table from
 * guides/bench-results.json, the outputs a schema change commits from the config, each
 * command's --help from its definition; and the synopses of the README and cli.md name every
 * command and every option. Reads files only: no build, no subprocess.
 */
import { describe, expect, it } from "vitest";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { buildProgram } from "../../../scripts/cli/main.js";
import {
  benchmarkTable,
  commandNames,
  configOutputs,
  expectedRegions,
  fencedBlock,
  helpText,
  hostileCases,
  regionOf,
  withRegion,
} from "../../../scripts/dev/build-guides.js";
import { createRequire } from "node:module";
import { STAGE_MODULES } from "../../../scripts/pipeline/stages.js";
import { ROOT } from "../../helpers.js";

const regions = await expectedRegions();

describe("the guides' generated regions", () => {
  for (const { region, actual, expected } of regions) {
    it(`guides/${region.guide}: ${region.name} is current`, () => {
      expect(
        actual,
        `guides/${region.guide} has no region <!-- generated:${region.name} --> … <!-- /generated:${region.name} -->`,
      ).toBeDefined();
      expect(actual, `guides/${region.guide} (${region.name}) is stale: run \`npm run build:guides\` and commit the result`).toBe(expected);
    });
  }

  it("the troubleshooting list has every hostile case that fails, with its whole message or its first and last lines", () => {
    const text = regions.find((r) => r.region.name === "troubleshooting")!.expected;
    const cases = hostileCases();
    expect(cases.length).toBeGreaterThan(30);
    for (const c of cases) {
      expect(text).toContain(`#### \`${c.name}\`\n`);
      const lines = c.stderr.trimEnd().split("\n");
      expect(text).toContain(lines[0]!);
      expect(text).toContain(lines[lines.length - 1]!);
    }
  });
});

describe("build-guides' building blocks", () => {
  it("lists as the config's outputs exactly the committed files under docs/ and generated/ (what a schema change commits)", async () => {
    const listed = (await configOutputs(join(ROOT, "cws-docgen.config.json"))).map((o) => o.file);
    const committed = ["docs", "generated"].flatMap((folder) =>
      readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name).slice(ROOT.length).split("\\").join("/")),
    );
    expect(listed.length).toBeGreaterThan(10);
    expect([...listed].sort()).toEqual(committed.sort());
  });

  it("replaces only the region between the markers", () => {
    const guide = "before\n<!-- generated:x -->\nold\n<!-- /generated:x -->\nafter\n";
    expect(regionOf(guide, "x")).toBe("old");
    expect(withRegion(guide, "x", "new")).toBe("before\n<!-- generated:x -->\nnew\n<!-- /generated:x -->\nafter\n");
    const empty = "<!-- generated:x -->\n<!-- /generated:x -->\n";
    expect(regionOf(empty, "x")).toBe("");
    expect(withRegion(empty, "x", "a\nb")).toBe("<!-- generated:x -->\na\nb\n<!-- /generated:x -->\n");
    expect(regionOf(withRegion(empty, "x", "a\nb"), "x")).toBe("a\nb");
    expect(() => withRegion("no markers", "x", "")).toThrow(/no region/);
  });

  it("fences a message so that nothing in it can close the block or hide", () => {
    const hostile = "a ``` b\n````\n\u202e{{< x >}}\r";
    const block = fencedBlock(hostile);
    expect(block.startsWith("`````text\n")).toBe(true);
    expect(block.endsWith("\n`````")).toBe(true);
    expect(block).toContain("\\u202e");
    expect(block).toContain("\\u000d");
    expect(block).not.toContain("\u202e");
  });

  it("renders whatever rows and columns a bench file has", () => {
    const table = benchmarkTable(
      JSON.stringify({ date: "2030-01-01", machine: { cpu: "X | Y" }, results: [{ a: 1, b: "p|q" }, { c: 0.12345 }] }),
    );
    expect(table).toContain("| a | b | c |");
    expect(table).toContain("| 1 | p\\|q | — |"); // escaped once, not twice
    expect(table).toContain("| — | — | 0.123 |");
    expect(table).toContain("X \\| Y");
    expect(benchmarkTable("[]")).toContain("no results");
  });

  it("renders each list of rows of a bench file as a table of its own, titled, and the rest as the line above them", () => {
    const table = benchmarkTable(
      JSON.stringify({
        date: "2030-01-01",
        machine: { cores: 2 },
        cases: [{ case: "seed", vsJson2ts: 0.5, peakMiB: 12.3 }],
        modules: [{ module: "ajv", loadMs: 40.25 }],
        empty: [],
      }),
    );
    expect(table).toContain("Measured with date: 2030-01-01; machine: cores 2.");
    expect(table).toContain("**Cold full build");
    expect(table).toContain("| case | vsJson2ts | peakMiB |\n| --- | ---: | ---: |\n| seed | 0.5 | 12.3 |");
    expect(table).toContain("**Module-load costs");
    expect(table).toContain("| ajv | 40.25 |");
    expect(table).not.toContain("empty");
  });
});

describe("each command's rules in the docs", () => {
  const program = buildProgram({ stdout: () => undefined, stderr: () => undefined, data: () => undefined });
  /** The lines of a fenced block that start `cws-docgen NAME` and the indented lines that continue them. */
  const synopsis = (markdown: string, name: string): string => {
    const block = /```\n(cws-docgen [\s\S]*?)```/.exec(markdown)![1]!;
    return block
      .split(/\n(?=cws-docgen )/)
      .filter((entry) => entry.startsWith(`cws-docgen ${name} `))
      .join("\n");
  };

  it("cli.md's synopsis gives every command with every one of its options", () => {
    const cli = readFileSync(join(ROOT, "guides/cli.md"), "utf8");
    const names = commandNames();
    expect(names).toEqual(expect.arrayContaining(["generate", "check", "diff", "attributes", "init"]));
    for (const command of program.commands.filter((c) => c.name() !== "help")) {
      const lines = synopsis(cli, command.name());
      expect(lines, `guides/cli.md's synopsis has no line for ${command.name()}`).not.toBe("");
      for (const option of command.options) {
        const flag = option.long ?? option.short!;
        expect(lines, `guides/cli.md's synopsis of ${command.name()} lacks ${flag}`).toContain(flag);
      }
    }
  });

  it("the README's brief gives every command", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    for (const name of commandNames()) expect(synopsis(readme, name), `README.md's CLI in brief lacks ${name}`).not.toBe("");
  });

  it("a command's --help in the guide is what the command prints, width and colours fixed", () => {
    const help = helpText(["generate"]);
    expect(help).toMatch(/^Usage: cws-docgen generate \[options\]\n/);
    expect(help).toContain("--docs-out <file>");
    expect(help).toContain("Examples:\n");
    for (const line of help.split("\n").filter((l) => l.startsWith("  --"))) expect(line.length).toBeLessThanOrEqual(80);
    expect(help).not.toContain("\u001b[");
  });
});

describe("the stages' order, stated once", () => {
  const modules = Object.values(STAGE_MODULES);

  it("dependency-cruiser's stage-order rules follow the stages' modules, in order", () => {
    const config = createRequire(import.meta.url)(join(ROOT, ".dependency-cruiser.cjs")) as { forbidden: { name: string }[] };
    const ordered = config.forbidden.filter((r) => r.name.startsWith("stage-order-")).map((r) => r.name.slice("stage-order-".length));
    // Every stage but the last has a rule (nothing comes after the last).
    expect(ordered).toEqual(modules.slice(0, -1));
  });

  it("ARCHITECTURE.md's table of stages gives each stage's module, in order", () => {
    const text = readFileSync(join(ROOT, "ARCHITECTURE.md"), "utf8");
    const rows = [...text.matchAll(/^\| (\d+) \| [^|]+\| `stages\/([a-z-]+)(?:\/[a-z-]+)?\.ts`/gm)];
    expect(rows.map((m) => m[2])).toEqual(modules);
    expect(rows.map((m) => Number(m[1]))).toEqual(modules.map((_, i) => i + 1));
  });

  it("scripts/stages/ holds a module for each stage and nothing numbered", () => {
    const files = readdirSync(join(ROOT, "scripts/stages"));
    for (const m of modules)
      expect(
        files.some((f) => f === `${m}.ts` || f === m),
        m,
      ).toBe(true);
    expect(files.filter((f) => /^\d/.test(f))).toEqual([]);
  });
});
