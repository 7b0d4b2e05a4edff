/**
 * Runs that fail or are killed midway: the outputs of the last good run stay byte for byte as they
 * were (or, for a run killed after it renamed, are the complete new outputs), and no temporary file
 * is left behind. A run that fails runs through the command line's `run` in this process
 * (runInProcess); a run that is killed is the built CLI as a subprocess, and so is the complete run
 * whose length spreads the kills. Also pathological inputs, in this process: each ends within
 * seconds with a clear message, never a crash.
 */
import { spawn } from "node:child_process";
import { readdir, readFile, truncate, writeFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CLI, join, MASTER_SCHEMA, runCli, runInProcess, tempDir, writeFiles } from "../helpers.js";

const EARLIER = {
  "out/page.md": "the page of the last good run\n",
  "out/types.ts": "// the types of the last good run\n",
  "out/types.validator.ts": "// the validator of the last good run\n",
};
const OUTPUTS = ["--docs-out", "out/page.md", "--types-out", "out/types.ts"];

let tmp: { dir: string; cleanup: () => Promise<void> };
let env: NodeJS.ProcessEnv;
beforeEach(async () => {
  tmp = await tempDir("cws-docgen-midway-");
  // A cache of its own, so that no earlier build can answer for this one.
  env = { CWS_DOCGEN_CACHE_DIR: join(tmp.dir, ".cache") };
  await writeFiles(tmp.dir, { "schema.json": await readFile(MASTER_SCHEMA, "utf8"), ...EARLIER });
});
afterEach(() => tmp.cleanup());

async function outputs(): Promise<Record<string, string>> {
  const files = (await readdir(join(tmp.dir, "out"))).sort();
  return Object.fromEntries(
    await Promise.all(files.map(async (f) => [`out/${f}`, await readFile(join(tmp.dir, "out", f), "utf8")] as const)),
  );
}

describe("a run that fails midway leaves the earlier outputs as they were", () => {
  it("a template that throws while rendering: exit 2, the template named, nothing written", async () => {
    // It parses; it throws only when rendered, when the missing partial is looked up.
    await writeFiles(tmp.dir, {
      "bad.md.hbs": "---\ntitle: {{page.title}}\n---\n\n{{#each definitions}}\n{{> no-such-partial}}\n{{/each}}\n",
    });
    const r = await runInProcess(["generate", "--schema", "schema.json", "--template", "bad.md.hbs", ...OUTPUTS], { cwd: tmp.dir, env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cws-docgen: error: bad\.md\.hbs.*template error: The partial no-such-partial could not be found/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(await outputs()).toEqual(EARLIER);
  });

  it("a write that fails (the types' folder is a file): exit 2, the page not replaced either, no temporary file", async () => {
    await writeFiles(tmp.dir, { blocker: "a file where a folder should be" });
    const r = await runInProcess(["generate", "--schema", "schema.json", "--docs-out", "out/page.md", "--types-out", "blocker/types.ts"], {
      cwd: tmp.dir,
      env,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cws-docgen: error: .*blocker\/types\.(validator\.)?ts.*cannot write the output/);
    expect(await outputs()).toEqual(EARLIER);
    expect(await readFile(join(tmp.dir, "blocker"), "utf8")).toBe("a file where a folder should be");
  });
});

describe("a run killed midway (SIGKILL) never leaves a half-written output", () => {
  it("at every moment, each output is the earlier one or the whole new one; the next run cleans up", async () => {
    // The master schema (beforeEach): a typed build of it lasts several times Node's start, each stage tens of
    // milliseconds or more, so the kills land in every stage.
    // The whole new outputs: the same command in a folder of its own (the page's banner names the command's paths),
    // as a subprocess like the killed runs, so that its length is theirs, Node's start included.
    await writeFiles(join(tmp.dir, "good"), { "schema.json": await readFile(MASTER_SCHEMA, "utf8") });
    const start = performance.now();
    const good = await runCli(["generate", "--schema", "schema.json", "--no-cache", ...OUTPUTS], { cwd: join(tmp.dir, "good"), env });
    // The kills are spread over the length of a run on this machine, whatever its speed (nothing is asserted about time).
    const runMs = performance.now() - start;
    expect(good.code).toBe(0);
    const fresh = Object.fromEntries(
      await Promise.all(
        ["page.md", "types.ts", "types.validator.ts"].map(
          async (f) => [`out/${f}`, await readFile(join(tmp.dir, "good/out", f), "utf8")] as const,
        ),
      ),
    );

    // Kills at fractions of a run, then (Infinity) a run left to complete.
    for (const fraction of [0.05, 0.25, 0.5, 0.75, 1, 1.1, Infinity]) {
      const delay = Math.round(fraction * runMs);
      const { code, signal } = await runAndKill(
        ["generate", "--schema", "schema.json", "--no-cache", ...OUTPUTS],
        fraction === Infinity ? undefined : delay,
      );
      const completed = signal === null;
      if (completed) expect(code).toBe(0);
      const now = await outputs();
      // Only the three outputs (and, after a kill, maybe temporary files of the killed process).
      for (const [file, content] of Object.entries(now)) {
        if (/\/\.[^/]+\.tmp-\d+-\d+$/.test(file)) {
          expect(completed, `${file} left by a completed run`).toBe(false);
          continue;
        }
        expect([EARLIER[file as keyof typeof EARLIER], fresh[file]], `${file} after a kill at ${delay} ms`).toContain(content);
      }
    }
    // The run that completed replaced everything, and removed what killed runs left.
    expect(await outputs()).toEqual(fresh);
  }, 600_000);
});

/** Runs the CLI and kills it (SIGKILL) after `delayMs`; with no delay, lets it complete. */
function runAndKill(args: string[], delayMs: number | undefined): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: tmp.dir, env: { ...process.env, ...env }, stdio: "ignore" });
    const timer = delayMs === undefined ? undefined : setTimeout(() => child.kill("SIGKILL"), delayMs);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

describe("pathological input ends within seconds with a clear message", () => {
  const quick = async (args: string[]) => {
    const start = performance.now();
    const r = await runInProcess(args, { cwd: tmp.dir, env });
    return { ...r, seconds: (performance.now() - start) / 1000 };
  };

  it("a 20 MB schema: refused before it is read (the limit is 16 MiB), exit 2, outputs intact", async () => {
    // 21 MB of NUL bytes: not JSON, so a schema read would end in a parse error instead.
    await writeFile(join(tmp.dir, "big.json"), "");
    await truncate(join(tmp.dir, "big.json"), 21_000_000);
    const r = await quick(["generate", "--schema", "big.json", ...OUTPUTS]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^cws-docgen: error: big\.json: the schema is 2\d\.\d+ MiB; cws-docgen reads schemas up to 16 MiB \(all their files together\)\n {2}hint: .*--max-schema-size/,
    );
    expect(r.seconds).toBeLessThan(10);
    expect(await outputs()).toEqual(EARLIER);
  });

  it("the limit counts every file the schema refers to: two files under it alone, over it together", async () => {
    const padding = "p".repeat(600);
    await writeFiles(tmp.dir, {
      "split.json": JSON.stringify({ type: "object", description: padding, properties: { a: { $ref: "part.json#/definitions/A" } } }),
      "part.json": JSON.stringify({ definitions: { A: { type: "string", description: padding } } }),
    });
    const r = await quick(["generate", "--schema", "split.json", ...OUTPUTS, "--max-schema-size", "0.001"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^cws-docgen: error: split\.json: the schema and the files it refers to \(2 so far\) add up to 1\.\d+ KiB; cws-docgen reads schemas up to 1\.02 KiB \(all their files together\)\n/,
    );
    expect(await outputs()).toEqual(EARLIER);
    // Under a limit that holds both, it builds.
    expect((await quick(["generate", "--schema", "split.json", ...OUTPUTS, "--max-schema-size", "0.01"])).code).toBe(0);
  });

  it("a value nested 200,000 levels deep: exit 2 at its place, no stack overflow", async () => {
    await writeFile(join(tmp.dir, "deep.json"), `{"type": "object", "default": ${"[".repeat(200_000)}${"]".repeat(200_000)}}`);
    const r = await quick(["generate", "--schema", "deep.json", ...OUTPUTS]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cws-docgen: error: deep\.json:1:\d+: the JSON is nested more than 256 levels deep/);
    expect(r.stderr).not.toMatch(/RangeError|Maximum call stack|\n\s+at /);
    expect(r.seconds).toBeLessThan(10);
    expect(await outputs()).toEqual(EARLIER);
  });

  it("a $ref cycle with no object in between (A → B → A): exit 2 naming the cycle", async () => {
    await writeFile(
      join(tmp.dir, "cycle.json"),
      JSON.stringify({
        type: "object",
        properties: { a: { $ref: "#/definitions/A" } },
        definitions: { A: { $ref: "#/definitions/B" }, B: { $ref: "#/definitions/A" } },
      }),
    );
    const r = await quick(["generate", "--schema", "cycle.json", ...OUTPUTS]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("cycle with no object or array in between: #/definitions/A → #/definitions/B → #/definitions/A");
    expect(r.seconds).toBeLessThan(10);
    expect(await outputs()).toEqual(EARLIER);
  });
});
