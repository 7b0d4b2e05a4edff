/**
 * The hostile-schema corpus (test/fixtures/hostile/<case>/), run through the
 * command line's `run` in this process (runInProcess: the same arguments, cwd and
 * output as the built CLI's). Each case has:
 * - `case.json`: what it is about, the schema to read (default `schema.json`),
 *   extra arguments, and the expected exit code;
 * - `input/`: the files, copied into a fresh temporary folder (the cwd);
 * - `expected/stderr.txt`, and for exit 0 `expected/page.md` and `expected/types.ts`.
 *
 * Every run starts with the outputs of an earlier good run in place; a run that
 * exits 2 must leave them, and every input, byte for byte as they were, and add no file. The
 * types of every case that succeeds are compiled together, by one real tsc.
 *
 * Each case that fails is a run of its own. The cases that succeed with no arguments of their own
 * are built by one run of a config that lists each as a page (its outputs in its own folder), the
 * page and the types the same bytes (checked against each case's expected files); each case's
 * lines of that run's output are its own, and no line belongs to none.
 *
 * `npx vitest run test/e2e/hostile.test.ts -u` rewrites `expected/` from the
 * actual runs (vitest file snapshots): read every changed file before committing it.
 */
import { readdir, readFile, realpath, writeFile, mkdir, cp, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, generatePagesInProcess, runInProcess, runTsc, tempDir, type RunResult } from "../helpers.js";

const CORPUS = join(FIXTURES, "hostile");
const EARLIER_PAGE = "the page of the last good run\n";
const EARLIER_TYPES = "// the types of the last good run\n";

interface Case {
  name: string;
  description: string;
  code: number;
  schema: string;
  args: string[];
}

interface Outcome {
  run: RunResult;
  /** The folder of the run, and the outputs after it. */
  dir: string;
  page: Buffer;
  types: Buffer;
  outFiles: string[];
  /** The input files that are not byte for byte as they were after the run. */
  inputsChanged: string[];
}

async function cases(): Promise<Case[]> {
  const names = (await readdir(CORPUS, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const meta = JSON.parse(await readFile(join(CORPUS, name, "case.json"), "utf8")) as Partial<Case>;
      return {
        name,
        description: meta.description ?? "",
        code: meta.code ?? 0,
        schema: meta.schema ?? "schema.json",
        args: meta.args ?? [],
      };
    }),
  );
}

/** The case's input files in a folder of its own under `tmp`, and the outputs of an earlier good run in `out/`. */
async function prepare(c: Case, tmp: string): Promise<string> {
  const dir = join(tmp, c.name);
  await cp(join(CORPUS, c.name, "input"), dir, { recursive: true });
  await mkdir(join(dir, "out"), { recursive: true });
  await writeFile(join(dir, "out/page.md"), EARLIER_PAGE);
  await writeFile(join(dir, "out/types.ts"), EARLIER_TYPES);
  return dir;
}

async function run(c: Case, tmp: string): Promise<Outcome> {
  const dir = await prepare(c, tmp);
  const r = await runInProcess(["generate", "--schema", c.schema, "--docs-out", "out/page.md", "--types-out", "out/types.ts", ...c.args], {
    cwd: dir,
  });
  // Paths under the temporary folder differ from run to run: show them as <case>.
  for (const d of new Set([dir, await realpath(dir)])) {
    r.stderr = r.stderr.split(d).join("<case>");
  }
  return outcome(c, dir, r);
}

/** The cases given, built by one run of a config (in `tmp`) whose pages they are; each outcome holds the run's lines about its own files. */
async function runBatch(batch: Case[], tmp: string): Promise<{ outcomes: Outcome[]; stdout: string }> {
  const dirs = await Promise.all(batch.map((c) => prepare(c, tmp)));
  const r = await generatePagesInProcess(tmp, batch);
  const lines = r.stdout.split("\n");
  const outcomes = await Promise.all(
    batch.map((c, i) => {
      const own = lines.filter((l) => l.startsWith(`wrote ${c.name}/`)).map((l) => `${l.replace(`wrote ${c.name}/`, "wrote ")}\n`);
      return outcome(c, dirs[i]!, { ...r, stdout: own.join("") });
    }),
  );
  return { outcomes, stdout: r.stdout };
}

async function outcome(c: Case, dir: string, r: RunResult): Promise<Outcome> {
  const inputsChanged: string[] = [];
  for (const f of (await readdir(join(CORPUS, c.name, "input"), { recursive: true })).sort()) {
    const original = join(CORPUS, c.name, "input", f);
    if (!(await stat(original)).isFile()) continue;
    const now = await readFile(join(dir, f)).catch(() => undefined);
    if (!now?.equals(await readFile(original))) inputsChanged.push(f);
  }
  return {
    run: r,
    dir,
    page: await readFile(join(dir, "out/page.md")),
    types: await readFile(join(dir, "out/types.ts")),
    outFiles: (await readdir(join(dir, "out"))).sort(),
    inputsChanged,
  };
}

/** Compares with the checked-in file (vitest's file snapshot: `-u` rewrites it). */
async function expectFile(c: Case, file: string, actual: Buffer | string): Promise<void> {
  await expect(Buffer.from(actual).toString("utf8"), `${c.name}: ${file}`).toMatchFileSnapshot(join(CORPUS, c.name, "expected", file));
}

const all = await cases();
const outcomes = new Map<string, Outcome>();
let tmp: { dir: string; cleanup: () => Promise<void> };

/** The cases built by one run of a config: those that succeed with no arguments of their own. */
const batched = all.filter((c) => c.code === 0 && c.args.length === 0);
/** That run's whole standard output. */
let batchStdout = "";

beforeAll(async () => {
  tmp = await tempDir("cws-docgen-hostile-");
  // One run at a time: each changes the process's cwd for its length.
  const batch = await runBatch(batched, join(tmp.dir, "batch"));
  for (const [i, c] of batched.entries()) outcomes.set(c.name, batch.outcomes[i]!);
  batchStdout = batch.stdout;
  for (const c of all.filter((c) => !batched.includes(c))) outcomes.set(c.name, await run(c, tmp.dir));
});
afterAll(() => tmp?.cleanup());

describe("hostile corpus: broken input exits 2 with one clear message, and writes nothing", () => {
  for (const c of all.filter((c) => c.code !== 0)) {
    it(`${c.name}: ${c.description}`, async () => {
      const o = outcomes.get(c.name)!;
      await expectFile(c, "stderr.txt", o.run.stderr);
      expect(o.run.code).toBe(c.code);
      expect(o.run.stdout).toBe("");
      expect(o.run.stderr).toMatch(/^cws-docgen: error: /);
      expect(o.run.stderr).not.toMatch(/\n\s+at |internal error|undefined|\[object Object\]/);
      // The earlier outputs, byte for byte, and nothing else (no temporary file).
      expect(o.page.toString()).toBe(EARLIER_PAGE);
      expect(o.types.toString()).toBe(EARLIER_TYPES);
      expect(o.outFiles).toEqual(["page.md", "types.ts"]);
      // And every input as it was (an output may not be one of them).
      expect(o.inputsChanged).toEqual([]);
    });
  }
});

describe("hostile corpus: hostile but valid input gives the checked-in page and types", () => {
  for (const c of all.filter((c) => c.code === 0)) {
    it(`${c.name}: ${c.description}`, async () => {
      const o = outcomes.get(c.name)!;
      expect(o.run.stderr).toBe("");
      expect(o.run.code).toBe(0);
      // The runtime validator goes next to the types; its bytes are tested there.
      expect(o.run.stdout).toBe("wrote out/page.md\nwrote out/types.ts\nwrote out/types.validator.ts\n");
      await expectFile(c, "page.md", o.page);
      await expectFile(c, "types.ts", o.types);
    });
  }

  it("the cases built by one config run are most of them, and that run wrote nothing but their outputs", () => {
    expect(batched.length).toBeGreaterThanOrEqual(10);
    const expected = batched.flatMap((c) => ["page.md", "types.ts", "types.validator.ts"].map((f) => `wrote ${c.name}/out/${f}`));
    expect(batchStdout.split("\n").filter(Boolean).sort()).toEqual(expected.sort());
  });

  it("their types compile together under tsc --strict (one tsc run)", async () => {
    const ok = all.filter((c) => c.code === 0);
    const dir = join(tmp.dir, "tsc");
    await mkdir(dir, { recursive: true });
    const files: string[] = [];
    for (const c of ok) {
      await writeFile(join(dir, `${c.name}.ts`), outcomes.get(c.name)!.types);
      files.push(`${c.name}.ts`);
    }
    const r = await runTsc(dir, files);
    expect(r.stdout + r.stderr).toBe("");
    expect(r.code).toBe(0);
  });
});

describe("hostile corpus", () => {
  it("has a case for every category of the issue, each with its expected outputs checked in", async () => {
    expect(all.length).toBeGreaterThanOrEqual(30);
    for (const c of all) {
      const expected = (await readdir(join(CORPUS, c.name, "expected"))).sort();
      expect(expected, c.name).toEqual(c.code === 0 ? ["page.md", "types.ts"] : ["stderr.txt"]);
      expect((await stat(join(CORPUS, c.name, "input"))).isDirectory()).toBe(true);
    }
  });
});

describe("remote references: refused without a single network attempt", () => {
  it("a $ref to a server that is listening gets no request, in generate and in check", async () => {
    const { createServer } = await import("node:http");
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.end(JSON.stringify({ definitions: { A: { type: "string" } } }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    const dir = join(tmp.dir, "no-network");
    try {
      await mkdir(dir, { recursive: true });
      const url = `http://127.0.0.1:${port}/schema.json`;
      await writeFile(
        join(dir, "schema.json"),
        JSON.stringify({ type: "object", properties: { a: { $ref: `${url}#/definitions/A` }, b: { $ref: url } } }),
      );
      for (const command of ["generate", "check"]) {
        const r = await runInProcess([command, "--schema", "schema.json", "--docs-out", "page.md", "--types-out", "types.ts"], {
          cwd: dir,
        });
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(
          `"$ref" "${url}#/definitions/A" points to a remote resource; remote references are refused and nothing was fetched`,
        );
        expect(r.stderr).toContain(`"$ref" "${url}" points to a remote resource`);
      }
      expect(requests).toBe(0);
      expect(await readdir(dir)).toEqual(["schema.json"]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
