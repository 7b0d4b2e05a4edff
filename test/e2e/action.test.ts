/**
 * The GitHub Action (action.yml at the repository's root), its steps run as a runner runs them
 * (test/action-runner.ts): the outputs checked, the schema's changes reported in the job summary
 * and breaking ones failing the job, inputs that cannot inject a command. The project is a real
 * git repository (test/helpers.ts, gitProject) with cws-docgen installed where the action runs it,
 * node_modules/.bin; a test of one step's handling runs that step alone.
 */
import { existsSync } from "node:fs";
import { readdir, rename } from "node:fs/promises";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { action, githubContext, runAction } from "../action-runner.js";
import { git, gitProject, join, readFile, ROOT, runInProcess, SMALL_SCHEMA, tempDir, writeFile } from "../helpers.js";

/** The steps by the start of their names (runAction's `only`). */
const CHECK = "cws-docgen check";
const DIFF = "cws-docgen diff";

describe("action.yml", () => {
  it("is a composite action whose steps are bash scripts that read the inputs from env, never from an expression in the script", () => {
    expect(action.runs.using).toBe("composite");
    expect(Object.keys(action.inputs).sort()).toEqual(["base", "config", "fail-on-breaking", "schema"]);
    for (const step of action.runs.steps) {
      expect(step.uses, "every step is a script the test runs").toBeUndefined();
      expect(step.shell).toBe("bash");
      expect(step.run).toBeDefined();
      expect(step.run, `${step.name}: an expression in a script is a script injection`).not.toContain("${{");
      // The project's own cws-docgen, run directly: never npx (which could fetch one), never from PATH.
      expect(step.run).toContain("docgen=./node_modules/.bin/cws-docgen\n");
      expect(step.run).toMatch(/"\$docgen" (check|diff) /);
      expect(step.run).not.toMatch(/\bnpx\b/);
      expect(step.run, "cws-docgen as a command word").not.toMatch(/(^|[;&|(]|\$\()\s*cws-docgen\s/m);
    }
    expect(action.runs.steps.map((s) => s.name?.split(" (")[0])).toEqual([CHECK, DIFF]);
  });

  // One project for the file, put back to its commit after each test: the same paths each time, so
  // that the build cache (in its node_modules) serves every run after the first.
  let project: { dir: string; cleanup: () => Promise<void> };
  let base: string;
  beforeAll(async () => {
    project = await tempDir("cws-docgen-action-");
    base = await gitProject(project.dir);
  });
  afterEach(async () => {
    await git(project.dir, ["reset", "-q", "--hard", base]);
    await git(project.dir, ["clean", "-fdq"]);
  });
  afterAll(() => project.cleanup());

  it("passes on current outputs, with a summary saying there is no change and no breaking change", async () => {
    // The base as the pull request's base branch (origin/main), when there is no base sha.
    await git(project.dir, ["update-ref", "refs/remotes/origin/main", base]);
    const run = await runAction(project.dir, { schema: "schema/event.schema.json" }, { base_ref: "main" });
    expect(run.steps.map((s) => s.code)).toEqual([0, 0]);
    expect(run.failed, run.log).toBe(false);
    expect(run.summary).toContain("## Schema changes");
    expect(run.summary).toContain("No changes.");
    expect(run.summary).toContain("no breaking schema change");
  });

  it("fails on a stale output, naming it in an annotation (% , : escaped as the runner reads them) and in the summary (HTML-escaped); the diff still runs, failing on a breaking schema change against the pull request's base and listing it in the summary", async () => {
    // A page whose name has every character the annotation or the summary must escape, and a schema without
    // `size` (a breaking change), committed with their outputs; then the page edited by hand.
    const config = join(project.dir, "cws-docgen.config.json");
    const page = "docs/x,y:<b>&%.md";
    const c = JSON.parse(await readFile(config, "utf8")) as { pages: { docs: string }[] };
    c.pages[0]!.docs = page;
    await writeFile(config, JSON.stringify(c));
    const { size: _removed, ...properties } = SMALL_SCHEMA.properties;
    await writeFile(join(project.dir, "schema/event.schema.json"), `${JSON.stringify({ ...SMALL_SCHEMA, properties }, null, 2)}\n`);
    const generated = await runInProcess(["generate"], { cwd: project.dir });
    expect(generated.code, generated.stderr).toBe(0);
    await git(project.dir, ["add", "-A"]);
    await git(project.dir, ["commit", "-qm", "size removed"]);
    await writeFile(join(project.dir, page), "edited\n");

    const run = await runAction(project.dir, { schema: "schema/event.schema.json" }, githubContext(base));
    expect(run.failed).toBe(true);
    // The diff runs after the failed check (if: !cancelled()).
    expect(run.steps.map((s) => s.code)).toEqual([1, 1]);
    expect(run.log).toContain("::error file=docs/x%2Cy%3A<b>&%25.md,title=stale output::");
    expect(run.summary).toContain("1 stale output(s)");
    expect(run.summary).toContain("docs/x,y:&lt;b&gt;&amp;%.md");
    expect(run.summary).not.toContain("<b>");
    expect(run.summary).toContain("**2 breaking**");
    expect(run.summary).toMatch(/\| `size` \(root\) \| root field removed \|/);
    expect(run.summary).toMatch(/\| `size` \| attribute removed \|/);
    expect(run.summary).not.toContain("no breaking schema change");

    // With fail-on-breaking: false the breaking change is reported without failing.
    const reported = await runAction(
      project.dir,
      { schema: "schema/event.schema.json", "fail-on-breaking": "false" },
      githubContext(base),
      DIFF,
    );
    expect(reported.steps.map((s) => s.code)).toEqual([0]);
    expect(reported.failed, "fail-on-breaking: false reports without failing").toBe(false);
    expect(reported.summary).toContain("**2 breaking**");
  });

  it("never runs an input as a command: $( ), backticks and ; in the inputs stay text", async () => {
    const hostile = {
      config: "$(touch pwned-config)",
      schema: "`touch pwned-schema`; touch pwned-semicolon",
      base: "$(touch pwned-base)",
      "fail-on-breaking": "true; touch pwned-flag",
    };
    const run = await runAction(project.dir, hostile, githubContext("`touch pwned-sha`"));
    expect(run.failed).toBe(true);
    expect(run.steps.map((s) => s.code)).toEqual([2, 2]);
    // The config is looked for as a file of that name, and the flag refused as it is.
    expect(run.log).toContain("$(touch pwned-config)");
    expect(run.log).toContain("fail-on-breaking must be true or false");
    // The diff step's other inputs, each alone (the flag refused first above): the schema reaches the
    // diff, which reads no such file; the base, given or the pull request's, reaches git, which knows no such revision.
    const schema = await runAction(project.dir, { schema: hostile.schema }, githubContext(base), DIFF);
    expect(schema.steps.map((s) => s.code)).toEqual([2]);
    expect(schema.log).toContain("`touch pwned-schema`; touch pwned-semicolon");
    for (const [input, sha] of [
      [hostile.base, base],
      ["", "`touch pwned-sha`"],
    ] as const) {
      const baseRun = await runAction(project.dir, { schema: "schema/event.schema.json", base: input }, githubContext(sha), DIFF);
      expect(baseRun.steps.map((s) => s.code)).toEqual([2]);
      expect(baseRun.log).toContain("the base revision is not in this clone");
    }
    expect((await readdir(project.dir)).filter((f) => f.startsWith("pwned"))).toEqual([]);
    expect(existsSync(join(ROOT, "pwned-config"))).toBe(false);
  });

  it("stops each step with one error annotation saying what to do when the project has not installed cws-docgen", async () => {
    const bin = join(project.dir, "node_modules/.bin/cws-docgen");
    await rename(bin, `${bin}.away`);
    try {
      const run = await runAction(project.dir, { schema: "schema/event.schema.json" }, githubContext(base));
      expect(run.steps.map((s) => s.code)).toEqual([2, 2]);
      const error =
        "::error title=cws-docgen::./node_modules/.bin/cws-docgen is not installed: add cws-docgen to the devDependencies and run npm ci before this action\n";
      expect(run.log).toBe(error + error);
      expect(run.summary).toBe("");
    } finally {
      await rename(`${bin}.away`, bin);
    }
  });
});
