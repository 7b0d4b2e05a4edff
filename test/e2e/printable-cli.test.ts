/**
 * Untrusted text on its way to a terminal or a CI log, through the command line's `run` in this process
 * (runInProcess: its text leaves through the same io as the built CLI's):
 * output names and `$ref` values that hold escape sequences (a terminal's title, an erased line),
 * bidirectional overrides, lines that CI runners read as commands (`::error::`, `##vso[`) and words
 * that xargs would hand to git as options. No line the CLI writes may drive the terminal or the
 * runner, and `check --list` feeds xargs one name per argument (`-z`: the exact names): its output
 * goes to a real xargs and git through a pipe.
 */
import { execFile } from "node:child_process";
import { mkdir, rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join, readFile, runInProcess, tempDir, writeFile, writeFiles, type RunResult } from "../helpers.js";

const TITLE = "\u001b]0;title\u0007";
const BIDI = "\u202e";
const FORGED = "\n::error::forged";

/** What a terminal or a CI runner would act on: a control but tab and line feed, an invisible or bidirectional control, a lone surrogate; a line that is a runner's command. */
function expectTerminalSafe(text: string, what: string): void {
  expect(text, what).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/);
  expect(text, what).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
  for (const line of text.split("\n")) {
    expect(line.trimStart(), what).not.toMatch(/^::/);
    expect(line, what).not.toMatch(/##(vso)?\[/);
  }
}

/** Runs `command` in a real shell in `cwd`, `input` on its stdin. */
function sh(command: string, cwd: string, input = ""): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile("sh", ["-c", command], { cwd }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(input);
  });
}

const SCHEMA = JSON.stringify({
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "Event",
  type: "object",
  properties: { a: { type: "string", description: "an attribute" } },
});

describe("hostile output names: wrote lines, check's diff, --list, --list -z and --format json", () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  let repo: string;
  let env: NodeJS.ProcessEnv;
  // Each output's name as displayPath gives it (relative to the repository, the cwd).
  const names = {
    docs: `${TITLE}${BIDI}page.md`,
    types: "-rf.ts",
    validator: `x${FORGED}.ts`,
    docs2: "HEAD --output=../victim.txt HEAD.md",
    types2: "::add-mask::q.ts",
  };
  const validator2 = "::add-mask::q.validator.ts";

  beforeAll(async () => {
    tmp = await tempDir();
    repo = join(tmp.dir, "repo");
    env = { CWS_DOCGEN_CACHE_DIR: join(tmp.dir, "cache"), npm_lifecycle_event: "", npm_package_json: "" };
    await writeFiles(repo, {
      "s.json": SCHEMA,
      "cws-docgen.config.json": JSON.stringify({
        pages: [
          { name: "p", schema: "s.json", docs: names.docs, types: names.types, validator: names.validator },
          { name: "q", schema: "s.json", docs: names.docs2, types: names.types2 },
        ],
      }),
    });
    const generated = await runInProcess(["generate"], { cwd: repo, env });
    expect(generated.stderr).toBe("");
    expect(generated.code).toBe(0);
    // The names in the wrote lines: printable, and none a command of the runner.
    expect(generated.stdout).toBe(
      [
        "wrote \\u001b]0;title\\u0007\\u202epage.md",
        "wrote -rf.ts",
        "wrote x\\u000a::error::forged.ts",
        "wrote HEAD --output=../victim.txt HEAD.md",
        "wrote ::add-mask::q.ts",
        "wrote ::add-mask::q.validator.ts",
        "",
      ].join("\n"),
    );
    const git = await sh("git init -q && git add -A && git -c user.name=t -c user.email=t@t commit -qm outputs", repo);
    expect(git.stderr).toBe("");
    // Stale: lines in the page that would drive the terminal and the runner; the second page's types gone.
    const page = join(repo, names.docs);
    await writeFile(page, `${await readFile(page, "utf8")}::error::in the page\n${TITLE}${BIDI}\r##vso[task.complete]\n`);
    await writeFile(join(repo, names.types), ` ::warning::a context line\n${await readFile(join(repo, names.types), "utf8")}`);
    await writeFile(join(repo, names.docs2), "old\n");
    await rm(join(repo, names.types2));
  });
  afterAll(() => tmp?.cleanup());

  it("check prints the diff with the file's escapes and CI commands shown, not acted on, and names the files printable", async () => {
    const r = await runInProcess(["check"], { cwd: repo, env });
    expect(r.code).toBe(1);
    expectTerminalSafe(r.stdout, "stdout");
    expectTerminalSafe(r.stderr, "stderr");
    expect(r.stdout).toContain("--- a/\\u001b]0;title\\u0007\\u202epage.md\ton disk\n");
    // Removed lines start with `-`: shown as they are, but for their controls.
    expect(r.stdout).toContain(
      "\n-::error::in the page\n-\\u001b]0;title\\u0007\\u202e\\u000d##vso[task.complete]\n".replace("##vso", "\\u0023#vso"),
    );
    expect(r.stdout).toContain("\n- ::warning::a context line\n");
    expect(r.stdout).toContain("missing: ::add-mask::q.ts\n");
    expect(r.stderr).toMatch(
      /^cws-docgen: stale: \\u001b\]0;title\\u0007\\u202epage\.md, -rf\.ts, HEAD --output=\.\.\/victim\.txt HEAD\.md\n/,
    );
  });

  it("check --list writes one shell word per line: printable, ./ before a -, a CI command or a blank", async () => {
    const r = await runInProcess(["check", "--list"], { cwd: repo, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      ["'\\u001b]0;title\\u0007\\u202epage.md'", "./-rf.ts", "'HEAD --output=../victim.txt HEAD.md'", "./::add-mask::q.ts", ""].join("\n"),
    );
    expectTerminalSafe(r.stdout, "stdout");
  });

  it("check --list -z writes the exact names, each ended by a NUL", async () => {
    const r = await runInProcess(["check", "--list", "-z"], { cwd: repo, env });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`${[names.docs, names.types, names.docs2, names.types2].join("\0")}\0`);
  });

  it("check --format json gives the exact names, with U+2028 and bidirectional controls escaped too", async () => {
    const r = await runInProcess(["check", "--format", "json"], { cwd: repo, env });
    expect(r.code).toBe(1);
    expectTerminalSafe(r.stdout, "stdout");
    const result = JSON.parse(r.stdout) as { outputs: { file: string; status: string }[] };
    expect(result.outputs).toEqual([
      { file: names.docs, status: "stale" },
      { file: names.types, status: "stale" },
      { file: names.validator, status: "current" },
      { file: names.docs2, status: "stale" },
      { file: names.types2, status: "missing" },
      { file: validator2, status: "current" },
    ]);
  });

  it("the recipes check --list -z | xargs -0 git diff --stat -- and check --list | xargs git diff --stat write nothing outside the repository", async () => {
    // What check --list writes, piped to xargs as a shell would.
    const list = async (args: string[]) => (await runInProcess(["check", "--list", ...args], { cwd: repo, env })).stdout;
    const exact = await sh("xargs -0 git diff --stat --", repo, await list(["-z"]));
    expect(exact.stdout).toContain("HEAD --output=../victim.txt HEAD.md");
    expect(exact.stdout).toContain("-rf.ts");
    // The old recipe: the quoted name is one argument, not HEAD, an option and a file.
    await sh("xargs git diff --stat", repo, await list([]));
    await expect(readFile(join(tmp.dir, "victim.txt"))).rejects.toThrow(/ENOENT/);
    await expect(readFile(join(repo, "victim.txt"))).rejects.toThrow(/ENOENT/);
  });

  it("-z without --list is refused", async () => {
    const r = await runInProcess(["check", "-z"], { cwd: repo, env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cws-docgen: error: -z: /);
  });
});

describe("hostile file names and $ref values in error messages: one printable line each, exit 2", () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  const EVIL = `${TITLE}${BIDI}${FORGED}`;
  /** How EVIL shows in a message. */
  const SHOWN = "\\u001b]0;title\\u0007\\u202e\\u000a::error::forged";

  beforeAll(async () => {
    tmp = await tempDir();
    await writeFiles(tmp.dir, {
      "s.json": SCHEMA,
      [`broken${EVIL}.json`]: "{ not json",
      [`schema${EVIL}.json`]: SCHEMA,
      "dangling.json": JSON.stringify({ type: "object", properties: { a: { $ref: `#/definitions/${EVIL}` } }, definitions: {} }),
      "to-file.json": JSON.stringify({ type: "object", properties: { a: { $ref: `gone${EVIL}.json` } } }),
      "outside.json": JSON.stringify({ type: "object", properties: { a: { $ref: `../x${EVIL}.json` } } }),
      "config/cws-docgen.config.json": JSON.stringify({ pages: [{ name: "p", schema: "../s.json", docs: "p.md", types: "p.ts" }] }),
    });
    await mkdir(join(tmp.dir, `folder${EVIL}`));
  });
  afterAll(() => tmp?.cleanup());

  const out = ["--docs-out", "out/p.md", "--types-out", "out/p.ts"];
  const cases: [string, string[], boolean][] = [
    ["a missing schema", ["generate", "--schema", `nope${EVIL}.json`, ...out], true],
    ["a missing config", ["generate", "--config", `nope${EVIL}.json`], true],
    ["a missing template", ["generate", "--schema", "s.json", "--template", `nope${EVIL}.hbs`, ...out], true],
    ["an unknown page", ["generate", "--config", "config/cws-docgen.config.json", "--page", EVIL], false],
    ["a schema that is a folder", ["generate", "--schema", `folder${EVIL}`, ...out], true],
    ["a schema that is no JSON", ["generate", "--schema", `broken${EVIL}.json`, ...out], true],
    ["a $ref that points nowhere", ["generate", "--schema", "dangling.json", ...out], false],
    ["a $ref to a missing file", ["generate", "--schema", "to-file.json", ...out], false],
    ["a $ref outside the folder", ["generate", "--schema", "outside.json", ...out], false],
    ["an output that is the schema", ["generate", "--schema", `schema${EVIL}.json`, "--docs-out", `schema${EVIL}.json`], true],
    ["attributes of a missing schema", ["attributes", "--schema", `nope${EVIL}.json`], true],
    ["diff of a missing file", ["diff", `nope${EVIL}.json`, "s.json"], true],
    ["diff of a revision outside git", ["diff", `HEAD:nope${EVIL}.json`, "s.json"], false],
    ["an unknown option", ["generate", `--nope${EVIL}`], false],
    ["a value not among the choices", ["check", "--format", EVIL], false],
    ["a bad size", ["generate", "--max-schema-size", EVIL], false],
  ];
  for (const [what, args, named] of cases) {
    it(`${what}${named ? ", the name shown escaped" : ""}`, async () => {
      const r = await runInProcess(args, { cwd: tmp.dir, env: { CWS_DOCGEN_CACHE_DIR: join(tmp.dir, "cache") } });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^cws-docgen: /);
      expectTerminalSafe(r.stderr, "stderr");
      // Every line is ours: a message, or its hint.
      for (const line of r.stderr.trimEnd().split("\n")) expect(line).toMatch(/^(cws-docgen: | {2}hint: )/);
      if (named) expect(r.stderr).toContain(SHOWN);
    });
  }
});

describe("hostile schema names and descriptions in diff and attributes, in every format", () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  const NAME = `::error::name${TITLE}${BIDI}`;
  const DESCRIPTION = `line\n::add-mask::secret\n##[error]x ##vso[task.setvariable variable=a]b\u2028${TITLE}`;
  const schema = (type: string) =>
    JSON.stringify({ type: "object", properties: { [NAME]: { type, description: DESCRIPTION }, [`##[group]${FORGED}`]: { type } } });

  beforeAll(async () => {
    tmp = await tempDir();
    await writeFiles(tmp.dir, { "old.json": schema("string"), "new.json": schema("integer") });
  });
  afterAll(() => tmp?.cleanup());

  for (const format of ["text", "markdown", "json"]) {
    it(`diff --format ${format}${format === "text" ? ", in colour too" : ""}: no control of the schema's and no CI command`, async () => {
      const r = await runInProcess(["diff", "--format", format, "old.json", "new.json"], { cwd: tmp.dir });
      expect(r.code).toBe(0);
      expect(r.stderr).toBe("");
      expectTerminalSafe(r.stdout, "stdout");
      if (format === "json") expect((JSON.parse(r.stdout) as { changes: { field: string }[] }).changes.map((c) => c.field)).toContain(NAME);
      if (format !== "text") return;
      const colour = await runInProcess(["diff", "old.json", "new.json"], { cwd: tmp.dir, env: { FORCE_COLOR: "1" } });
      expect(colour.stdout).toContain("\u001b[31m");
      // The colours are the only escape sequences.
      expectTerminalSafe(colour.stdout.replace(/\u001b\[\d+m/g, ""), "stdout in colour");
    });

    it(`attributes --format ${format}: no control and no CI command${format === "text" ? ", one line per path" : ""}`, async () => {
      const r = await runInProcess(["attributes", "--schema", "old.json", "--format", format], { cwd: tmp.dir });
      expect(r.code).toBe(0);
      expect(r.stderr).toBe("");
      expectTerminalSafe(r.stdout, "stdout");
      if (format === "text") expect(r.stdout.trimEnd().split("\n")).toHaveLength(2);
      if (format === "json") expect(r.stdout).toContain(JSON.stringify(NAME).slice(1, 10));
    });
  }
});
