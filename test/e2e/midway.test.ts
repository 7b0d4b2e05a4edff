/**
 * Runs that fail or are killed midway: the outputs of the last good run stay byte for byte as they
 * were (or, for a run killed after it renamed, are the complete new outputs), and no temporary file
 * is left behind. A run that fails runs through the command line's `run` in this process
 * (runInProcess), and so do the complete runs; the disk at each step of a write's commit is seen in this
 * process too (the write's beforeRename hook), and one run of the built CLI is killed (SIGKILL) once it has
 * begun to write. Also pathological inputs, in this process: each ends within seconds with a clear message,
 * never a crash.
 */
import { spawn } from "node:child_process";
import { watch } from "node:fs";
import { readdir, readFile, truncate, writeFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generate } from "../../scripts/pipeline/pipeline.js";
import { CLI, inFolder, join, MASTER_SCHEMA, runInProcess, tempDir, writeFiles } from "../helpers.js";

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

/** Only the three outputs, each its earlier bytes or the whole new ones (and, when `temporaries`, maybe temporary files). */
async function expectEachOldOrNew(fresh: Record<string, string>, at: string, temporaries: boolean): Promise<void> {
  for (const [file, content] of Object.entries(await outputs())) {
    if (/\/\.[^/]+\.tmp-\d+-\d+$/.test(file)) {
      expect(temporaries, `${file} left ${at}`).toBe(true);
      continue;
    }
    expect([EARLIER[file as keyof typeof EARLIER], fresh[file]], `${file} ${at}`).toContain(content);
  }
}

describe("a run killed midway (SIGKILL) never leaves a half-written output", () => {
  it("at every step of the write, each output is the earlier one or the whole new one; the next run cleans up", async () => {
    // The master schema (beforeEach). The whole new outputs: the same command in a folder of its own (the page's
    // banner names the command's paths).
    const args = ["generate", "--schema", "schema.json", "--no-cache", ...OUTPUTS];
    await writeFiles(join(tmp.dir, "good"), { "schema.json": await readFile(MASTER_SCHEMA, "utf8") });
    const good = await runInProcess(args, { cwd: join(tmp.dir, "good"), env });
    expect(good.code).toBe(0);
    const fresh = Object.fromEntries(
      await Promise.all(
        ["page.md", "types.ts", "types.validator.ts"].map(
          async (f) => [`out/${f}`, await readFile(join(tmp.dir, "good/out", f), "utf8")] as const,
        ),
      ),
    );

    // What a kill leaves is the disk as it is at that moment: seen before each rename of the commit (the outputs
    // written and kept aside), and after the last.
    const renames: number[] = [];
    await inFolder(tmp.dir, env, () =>
      generate(
        { schema: "schema.json", docsOut: "out/page.md", typesOut: "out/types.ts" },
        { cache: false },
        {
          beforeRename: async (position) => {
            renames.push(position);
            await expectEachOldOrNew(fresh, `before rename ${position}`, true);
          },
        },
      ),
    );
    expect(renames).toEqual([0, 1, 2]);
    expect(await outputs()).toEqual(fresh);

    // A real kill, from the outside: the built CLI, killed as soon as its first temporary file appears. Wherever the
    // kill lands (staging, renames, or after the end), each output is whole, and the next run removes what it left;
    // a half-written temporary file of the killed process is put beside the outputs too, as a kill while staging
    // leaves one, so that the next run always has one to remove.
    await writeFiles(tmp.dir, EARLIER);
    const { code, signal, pid } = await runAndKillOnWrite(args);
    if (signal === null) expect(code).toBe(0);
    await expectEachOldOrNew(fresh, `after a kill once the write began (${signal ?? `exit ${code}`})`, signal !== null);
    await writeFile(join(tmp.dir, `out/.types.ts.tmp-${pid}-99`), fresh["out/types.ts"]!.slice(0, 100));
    const next = await runInProcess(args, { cwd: tmp.dir, env });
    expect(next.code).toBe(0);
    expect(await outputs()).toEqual(fresh);
  });
});

/** Runs the built CLI in the test's folder and kills it (SIGKILL) as soon as a temporary file appears in out/. */
function runAndKillOnWrite(args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; pid: number }> {
  return new Promise((resolve) => {
    const watcher = watch(join(tmp.dir, "out"), (_event, file) => {
      if (file && /\.tmp-\d+-\d+$/.test(file)) child.kill("SIGKILL");
    });
    const child = spawn(process.execPath, [CLI, ...args], { cwd: tmp.dir, env: { ...process.env, ...env }, stdio: "ignore" });
    child.on("exit", (code, signal) => {
      watcher.close();
      resolve({ code, signal, pid: child.pid! });
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
