/**
 * What the commands print: --quiet, hints that name each command's own flags, git's words passed on, check's
 * colours. The runs are the command line's in this process; the colours on a real terminal, through the built CLI
 * on a pseudo-terminal.
 */
import { execFile } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CLI,
  MASTER_SCHEMA,
  type RunResult,
  cp,
  join,
  readFile,
  runInProcess,
  runCommand,
  tempDir,
  withoutColourChoice,
  writeFile,
  writeFiles,
  NO_NPM,
} from "../helpers.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

const PAGE = ["--schema", "s.json", "--docs-out", "out/page.md", "--types-out", "out/types.ts"];

describe("--quiet", () => {
  it("generate -q writes the outputs and prints nothing; check -q prints nothing when current, and only the stale names on stderr (no diff) when not", async () => {
    await cp(MASTER_SCHEMA, join(dir, "s.json"));
    const generated = await runInProcess(["generate", "-q", ...PAGE], { cwd: dir });
    expect([generated.code, generated.stdout, generated.stderr]).toEqual([0, "", ""]);
    const again = await runInProcess(["generate", "--quiet", ...PAGE], { cwd: dir });
    expect([again.code, again.stdout, again.stderr]).toEqual([0, "", ""]);

    const current = await runInProcess(["check", "--quiet", ...PAGE], { cwd: dir });
    expect([current.code, current.stdout, current.stderr]).toEqual([0, "", ""]);

    await writeFile(join(dir, "out/page.md"), "edited\n");
    const stale = await runInProcess(["check", "-q", ...PAGE], { cwd: dir, env: NO_NPM });
    expect(stale.code).toBe(1);
    expect(stale.stdout).toBe("");
    expect(stale.stderr).toBe(
      "cws-docgen: stale: out/page.md\n  hint: run `cws-docgen generate --schema s.json --docs-out out/page.md --types-out out/types.ts` and commit the result\n",
    );
  });

  it("still prints errors, and is refused beside --list or --format json, which ask for output", async () => {
    const failed = await runInProcess(["generate", "-q", "--schema", "missing.json", "--docs-out", "p.md", "--types-out", "t.ts"], {
      cwd: dir,
    });
    expect(failed.code).toBe(2);
    expect(failed.stdout).toBe("");
    expect(failed.stderr).toMatch(/^cws-docgen: error: missing\.json: /);

    const list = await runInProcess(["check", "-q", "--list"], { cwd: dir });
    expect([list.code, list.stderr.split("\n")[0]]).toEqual([
      2,
      "cws-docgen: error: option '--list' cannot be used with option '-q, --quiet'",
    ]);
    const json = await runInProcess(["check", "-q", "--format", "json"], { cwd: dir });
    expect([json.code, json.stdout]).toEqual([2, ""]);
    expect(json.stderr).toContain("--quiet prints no result, and --format json asks for one on stdout");
  });

  it("is in the --help of generate and check", async () => {
    for (const command of ["generate", "check"]) {
      const help = await runInProcess([command, "--help"]);
      expect(help.stdout).toMatch(/^ {2}-q, --quiet {2,}\S/m);
    }
  });
});

/** The long options a command's --help lists: commander's own definitions of them, as it prints them. */
async function optionsOf(command: string): Promise<Set<string>> {
  const help = (await runInProcess([command, "--help"])).stdout;
  const section = help.slice(help.indexOf("Options:"), help.indexOf("\nExamples:"));
  return new Set([...section.matchAll(/^ {2}(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1]!).concat(["--help"]));
}

/** Every `--flag` named in the hints of a run's stderr. */
function flagsInHints(r: RunResult): string[] {
  return r.stderr
    .split("\n")
    .filter((l) => l.startsWith("  hint: "))
    .flatMap((l) => [...l.matchAll(/(?<![\w-])--[a-z][\w-]*/g)].map((m) => m[0]));
}

/** A git repository in `dir` with one commit: `s.json` at the top and `schema/x.json`. */
async function repository(): Promise<void> {
  const schema = JSON.stringify({ type: "object", properties: { a: { type: "string" } } });
  await writeFiles(dir, { "s.json": schema, "schema/x.json": schema });
  for (const args of [
    ["init", "-q", "-b", "main"],
    ["add", "."],
    ["-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "x"],
  ]) {
    const r = await runCommand("git", args, dir);
    expect(r.code, r.stderr).toBe(0);
  }
}

describe("hints", () => {
  it("name only flags that the command printing them has, on each command's failure paths", async () => {
    await repository();
    await writeFiles(dir, {
      "two/cws-docgen.config.json": JSON.stringify({
        pages: ["a", "b"].map((name) => ({ name, schema: "../s.json", docs: `${name}.md`, types: `${name}.ts` })),
      }),
      "typo/cws-docgen.config.json": JSON.stringify({
        pages: [{ name: "a", schema: "../s.json", docs: "a.md", types: "a.ts", roottype: "E" }],
      }),
    });
    const page = ["--docs-out", "o.md", "--types-out", "o.ts"];
    const runs: Record<string, string[][]> = {
      generate: [
        ["--schema", "missing.json", ...page],
        ["--config", "missing.json"],
        ["--config", "two/cws-docgen.config.json", "--schema", "s.json"],
        ["--config", "typo/cws-docgen.config.json"],
        ["--schema", "s.json", "--max-schema-size", "0.00001", ...page],
        ["--schema", "s.json", "--no-types", "--docs-out", "o.md", "--types-out", "-"],
        ["--schema", "s.json", "--docs-out", "-", "--types-out", "-"],
        ["--watch", "--schema", "-"],
        ["--docs-ou", "x"],
      ],
      check: [
        ["--schema", "missing.json", ...page],
        ["--config", "missing.json"],
        ["--schema", "s.json", "--max-schema-size", "0.00001", ...page],
        ["--schema", "s.json", "--docs-out", "-"],
        ["-z"],
        ["--schema", "s.json", ...page],
      ],
      attributes: [
        ["--schema", "missing.json"],
        ["--config", "two/cws-docgen.config.json"],
        ["--schema", "s.json", "--max-schema-size", "0.00001"],
        ["--filtr", "x"],
      ],
      diff: [
        ["old.json", "s.json"],
        ["main:missing.json", "s.json"],
        ["main:schema", "s.json"],
        ["nope:s.json", "s.json"],
        ["s.json", "s.json", "--max-schema-size", "0.00001"],
        ["main:s.json", "s.json", "--max-schema-size", "0.00001"],
        ["s.json", "s.json", "--format", "yaml"],
      ],
    };
    let hinted = 0;
    for (const [command, cases] of Object.entries(runs)) {
      const options = await optionsOf(command);
      expect(options).toContain("--max-schema-size");
      for (const args of cases) {
        const r = await runInProcess([command, ...args], { cwd: dir, input: "" });
        expect(r.code, `${command} ${args.join(" ")}\n${r.stderr}`).not.toBe(0);
        const flags = flagsInHints(r);
        hinted += flags.length;
        for (const flag of flags) expect(options, `${command} ${args.join(" ")} hints at ${flag}:\n${r.stderr}`).toContain(flag);
      }
    }
    // The runs do reach hints that name flags (--page, --max-schema-size, --docs-out, --list …).
    expect(hinted).toBeGreaterThan(8);
  });

  it("diff passes git's own words on: why a revision's path cannot be read, and git's hint", async () => {
    await repository();
    const sub = join(dir, "schema");
    const r = await runInProcess(["diff", "main:x.json", "x.json"], { cwd: sub });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "cws-docgen: error: main:x.json: no such file, and git cannot read it as a revision: path 'schema/x.json' exists, but not 'x.json'\n" +
        "  hint: git: Did you mean 'main:schema/x.json' aka 'main:./x.json'?\n",
    );
    await writeFile(join(dir, "new.json"), "{}");
    const notInRev = await runInProcess(["diff", "main:new.json", "s.json"], { cwd: dir });
    expect(notInRev.stderr).toContain("git cannot read it as a revision: path 'new.json' exists on disk, but not in 'main'\n");
    const missing = await runInProcess(["diff", "old.json", "s.json"], { cwd: dir });
    expect(missing.stderr).toBe(
      "cws-docgen: error: old.json: cannot read the schema: no such file\n  hint: give a schema file, or a revision and a path in the repository of the current folder, like main:schema/backend.schema.json or HEAD~1:schema/backend.schema.json\n",
    );
  });
});

/** The environment of the tests without the colour variables (and not from npm), so that each run sets its own. */
function colourless(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...withoutColourChoice(process.env), ...NO_NPM, ...extra };
}

/** The CLI on a pseudo-terminal (util-linux `script`): its stdout and stderr, as the terminal got them. */
function onTerminal(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const command = [process.execPath, CLI, ...args].map((a) => `'${a}'`).join(" ");
  return new Promise((done) => execFile("script", ["-qec", command, "/dev/null"], { cwd: dir, env }, (_err, stdout) => done(stdout)));
}

describe("check's diff in colour", () => {
  it("is coloured on a terminal with our escape codes only (the file's own escaped), and plain when piped or with NO_COLOR", async () => {
    await cp(MASTER_SCHEMA, join(dir, "s.json"));
    expect((await runInProcess(["generate", "-q", ...PAGE], { cwd: dir })).code).toBe(0);
    const page = join(dir, "out/page.md");
    const text = await readFile(page, "utf8");
    // An edit that holds an escape sequence of its own (it would turn the terminal red).
    await writeFile(page, text.replace(/^title: .*$/m, "title: \x1b[31mred"));

    const terminal = await onTerminal(["check", ...PAGE], colourless());
    expect(terminal).toContain("\x1b[1m--- a/out/page.md\ton disk\x1b[22m");
    expect(terminal).toContain("\x1b[36m@@ -1,5 +1,5 @@\x1b[39m");
    expect(terminal).toContain("\x1b[31m-title: \\u001b[31mred\x1b[39m");
    expect(terminal).toMatch(/\x1b\[32m\+title: [^\x1b]+\x1b\[39m/);
    // Every escape sequence is one of our colours (or the progress line's erase, shown when the check takes a
    // while, as on a busy machine): the file's ESC was written \u001b.
    expect(terminal.match(/\x1b\[[\d;]*[A-Za-z]/g)!.filter((e) => !/^\x1b\[(1|22|31|32|36|39)m$|^\x1b\[2K$/.test(e))).toEqual([]);

    // NO_COLOR on a terminal: the run's stdout is a terminal, as the pseudo-terminal's was.
    const noColor = await runInProcess(["check", ...PAGE], { cwd: dir, env: colourless({ NO_COLOR: "1" }), isTTY: true });
    expect(noColor.code).toBe(1);
    expect(noColor.stdout).toContain("-title: \\u001b[31mred");
    expect(noColor.stdout).not.toContain("\x1b");
    // Without NO_COLOR, the same run on a terminal is in colour: NO_COLOR is what turned them off above.
    const colouredHere = await runInProcess(["check", ...PAGE], { cwd: dir, env: colourless(), isTTY: true });
    expect(colouredHere.stdout).toContain("\x1b[31m-title: \\u001b[31mred\x1b[39m");

    const piped = await runInProcess(["check", ...PAGE], { cwd: dir, env: colourless() });
    expect(piped.code).toBe(1);
    expect(piped.stdout).toContain("\n-title: \\u001b[31mred\n");
    expect(piped.stdout).not.toContain("\x1b");

    const forced = await runInProcess(["check", ...PAGE], { cwd: dir, env: colourless({ FORCE_COLOR: "1", NO_COLOR: "1" }) });
    expect(forced.stdout).toContain("\x1b[31m-title: \\u001b[31mred\x1b[39m");
  });
});
