/**
 * Stage 12, write (scripts/stages/write.ts): only what changed is written, all or nothing, even
 * when a rename fails midway or the process ends in the middle.
 */
import { chmod, lstat, readdir, readFile, readlink, rename, rm, stat, mkdir, symlink, writeFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generate } from "../../../scripts/pipeline/pipeline.js";
import { writeOutputs } from "../../../scripts/stages/write.js";
import { join, ROOT, tempDir, writeFiles } from "../../helpers.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

describe("write", () => {
  it("creates folders and writes new outputs", async () => {
    const res = await writeOutputs([{ file: join(dir, "a/b/page.md"), content: "x" }]);
    expect(res).toEqual([{ file: join(dir, "a/b/page.md"), changed: true }]);
    expect(await readFile(join(dir, "a/b/page.md"), "utf8")).toBe("x");
  });

  it("does not touch an output whose content is unchanged", async () => {
    await writeFiles(dir, { "p.md": "same" });
    const before = await stat(join(dir, "p.md"));
    await new Promise((r) => setTimeout(r, 20));
    const res = await writeOutputs([{ file: join(dir, "p.md"), content: "same" }]);
    expect(res[0]!.changed).toBe(false);
    expect((await stat(join(dir, "p.md"))).mtimeMs).toBe(before.mtimeMs);
  });

  it("replaces by rename: a reader never sees a half-written file, and no temporary file is left", async () => {
    await writeFiles(dir, { "p.md": "old" });
    const before = await stat(join(dir, "p.md"));
    await writeOutputs([{ file: join(dir, "p.md"), content: "new" }]);
    expect(await readFile(join(dir, "p.md"), "utf8")).toBe("new");
    expect((await stat(join(dir, "p.md"))).ino).not.toBe(before.ino);
    expect(await readdir(dir)).toEqual(["p.md"]);
  });

  it("leaves every earlier output untouched when one output cannot be written", async () => {
    if (process.getuid?.() === 0) {
      // root ignores permissions: make the second target's folder a file instead.
      await writeFiles(dir, { "first.md": "old first", blocked: "a file, not a folder" });
    } else {
      await writeFiles(dir, { "first.md": "old first" });
      await mkdir(join(dir, "blocked"));
      await chmod(join(dir, "blocked"), 0o500);
    }
    await expect(
      writeOutputs([
        { file: join(dir, "first.md"), content: "new first" },
        { file: join(dir, "blocked/second.md"), content: "x" },
      ]),
    ).rejects.toThrow(/cannot write the output/);
    expect(await readFile(join(dir, "first.md"), "utf8")).toBe("old first");
    expect((await readdir(dir)).sort()).toEqual(["blocked", "first.md"]);
  });

  it("removes the temporary files a killed run left, and only those of processes that are gone", async () => {
    // A pid no process has (above the kernel's maximum), and this test runner's parent, which runs.
    const gone = 4_194_305;
    await writeFiles(dir, {
      "page.md": "old",
      [`.page.md.tmp-${gone}-0`]: "half a page",
      [`.page.md.tmp-${process.ppid}-0`]: "another run's, still going",
      [`.other.md.tmp-${gone}-0`]: "not next to this output",
    });
    await writeOutputs([{ file: join(dir, "page.md"), content: "new" }]);
    expect((await readdir(dir)).sort()).toEqual([`.other.md.tmp-${gone}-0`, `.page.md.tmp-${process.ppid}-0`, "page.md"]);
    expect(await readFile(join(dir, "page.md"), "utf8")).toBe("new");
  });
});

describe("write: all or nothing when a rename fails midway", () => {
  /**
   * Five outputs that change (two folders, one new file, one through a symbolic
   * link, one new through a link) and one that does not. The hook puts a
   * non-empty folder where the output at `position` goes, just before its
   * rename: that rename then fails for real (EISDIR).
   */
  const OLD = { "a.md": "old a\n", "sub/b.ts": "old b\n", "same.md": "same\n", "real/e.md": "old e\n" };
  const outputs = () => [
    { file: join(dir, "a.md"), content: "new a\n" },
    { file: join(dir, "sub/b.ts"), content: "new b\n" },
    { file: join(dir, "c.md"), content: "new c\n" },
    { file: join(dir, "same.md"), content: "same\n" },
    { file: join(dir, "link.md"), content: "new e\n" },
    { file: join(dir, "new-link.md"), content: "new f\n" },
  ];
  const setUp = async () => {
    await rm(dir, { recursive: true, force: true });
    await writeFiles(dir, OLD);
    await symlink("real/e.md", join(dir, "link.md"));
    await symlink("real/f.md", join(dir, "new-link.md"));
  };
  /** Every file and link under dir, with its content (or target) and inode. */
  const state = async (): Promise<Record<string, string>> => {
    const out: Record<string, string> = {};
    for (const name of (await readdir(dir, { recursive: true })).sort()) {
      const path = join(dir, name);
      const info = await lstat(path);
      if (info.isSymbolicLink()) out[name] = `-> ${await readlink(path)}`;
      else if (info.isFile()) out[name] = `${await readFile(path, "utf8")} (inode ${info.ino})`;
    }
    return out;
  };

  it("fails at each position in turn: every output already replaced is put back (same inode), no temporary file is left", async () => {
    const positions = 5;
    for (let failAt = 0; failAt < positions; failAt++) {
      await setUp();
      const before = await state();
      let aside: { target: string; had: boolean } | undefined;
      const seen: number[] = [];
      const run = writeOutputs(outputs(), {
        beforeRename: async (position, target) => {
          seen.push(position);
          if (position !== failAt) return;
          const had = await lstat(target).then(
            () => true,
            () => false,
          );
          if (had) await rename(target, `${target}.aside-by-test`);
          await mkdir(join(target, "in-the-way"), { recursive: true });
          aside = { target, had };
        },
      });
      await expect(run, `failing at ${failAt}`).rejects.toThrow(
        new RegExp(
          `cannot replace the output: it is a directory, not a file\\n  hint: no output was changed${failAt > 0 ? ` \\(the ${failAt} already replaced were put back\\)` : "$"}`,
        ),
      );
      expect(seen).toEqual([...Array(failAt + 1).keys()]);
      // Undo what the hook did, and everything is as before, byte for byte and inode for inode.
      await rm(aside!.target, { recursive: true });
      if (aside!.had) await rename(`${aside!.target}.aside-by-test`, aside!.target);
      expect(await state(), `failing at ${failAt}`).toEqual(before);
    }
  });

  it("the same hook that does nothing: every output replaced, links kept, no temporary file", async () => {
    await setUp();
    const seen: string[] = [];
    const res = await writeOutputs(outputs(), { beforeRename: (_p, target) => void seen.push(target) });
    expect(res.map((r) => r.changed)).toEqual([true, true, true, false, true, true]);
    expect(seen).toEqual(["a.md", "sub/b.ts", "c.md", "real/e.md", "real/f.md"].map((f) => join(dir, f)));
    const after = await state();
    expect(Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v.replace(/ \(inode \d+\)$/, "")]))).toEqual({
      "a.md": "new a\n",
      "sub/b.ts": "new b\n",
      "c.md": "new c\n",
      "same.md": "same\n",
      "link.md": "-> real/e.md",
      "new-link.md": "-> real/f.md",
      "real/e.md": "new e\n",
      "real/f.md": "new f\n",
    });
  });

  it("keeps the mode of a file it replaces", async () => {
    await writeFiles(dir, { "p.md": "old" });
    await chmod(join(dir, "p.md"), 0o640);
    await writeOutputs([{ file: join(dir, "p.md"), content: "new" }]);
    expect((await stat(join(dir, "p.md"))).mode & 0o777).toBe(0o640);
  });
});

describe("generate: a rename that fails midway leaves every page as it was", () => {
  it("three pages, nine outputs, the failure at each position in turn", async () => {
    const schema = { type: "object", properties: { a: { type: "string", description: "first" } } };
    await writeFiles(dir, {
      "schema.json": JSON.stringify(schema),
      "cws-docgen.config.json": JSON.stringify({
        pages: ["one", "two", "three"].map((name) => ({ name, schema: "schema.json", docs: `out/${name}.md`, types: `out/${name}.ts` })),
      }),
    });
    const cwd = process.cwd();
    const cacheEnv = process.env.CWS_DOCGEN_CACHE_DIR;
    process.chdir(dir);
    process.env.CWS_DOCGEN_CACHE_DIR = join(dir, ".cache");
    try {
      await generate();
      const files = async () =>
        Object.fromEntries(
          await Promise.all(
            (await readdir(join(dir, "out"))).sort().map(async (f) => [f, await readFile(join(dir, "out", f), "utf8")] as const),
          ),
        );
      const before = await files();
      expect(Object.keys(before)).toHaveLength(9);
      await writeFile(
        join(dir, "schema.json"),
        JSON.stringify({ ...schema, properties: { a: { type: "string", description: "second" } } }),
      );
      for (let failAt = 0; failAt < 9; failAt++) {
        let blocked = "";
        const run = generate(
          {},
          {},
          {
            beforeRename: async (position, target) => {
              if (position !== failAt) return;
              blocked = target;
              await rename(target, `${target}.aside-by-test`);
              await mkdir(join(target, "in-the-way"), { recursive: true });
            },
          },
        );
        await expect(run).rejects.toThrow(/cannot replace the output/);
        await rm(blocked, { recursive: true });
        await rename(`${blocked}.aside-by-test`, blocked);
        expect(await files(), `failing at ${failAt}`).toEqual(before);
      }
      // And without the failure, all nine are new.
      await generate();
      const after = await files();
      for (const f of Object.keys(before)) expect(after[f], f).not.toBe(before[f]);
    } finally {
      process.chdir(cwd);
      if (cacheEnv === undefined) delete process.env.CWS_DOCGEN_CACHE_DIR;
      else process.env.CWS_DOCGEN_CACHE_DIR = cacheEnv;
    }
  });
});

describe("write: a process that exits in the middle of the write removes its temporary files", () => {
  it("process.exit() between two renames: no .tmp- file left, each output whole (old or new)", async () => {
    await writeFiles(dir, { "a.md": "old a\n", "b.md": "old b\n", "c.md": "old c\n" });
    const { execFile } = await import("node:child_process");
    // The write stage bundled alone for the child process (the package root does not export it).
    const stage = await tempDir();
    const bundle = join(stage.dir, "write.mjs");
    const { build } = await import("esbuild");
    await build({
      absWorkingDir: ROOT,
      entryPoints: ["scripts/stages/write.ts"],
      bundle: true,
      platform: "node",
      format: "esm",
      outfile: bundle,
      logLevel: "warning",
    });
    const script = [
      `import { writeOutputs } from ${JSON.stringify(bundle)};`,
      `const dir = ${JSON.stringify(dir)};`,
      `await writeOutputs(["a.md", "b.md", "c.md"].map((f) => ({ file: dir + "/" + f, content: "new " + f[0] + "\\n" })), { beforeRename: (position) => { if (position === 1) process.exit(7); } });`,
    ].join("\n");
    const code = await new Promise<number | null>((resolve) =>
      execFile(process.execPath, ["--input-type=module", "-e", script], (err) => resolve(err ? (err.code as number) : 0)),
    );
    await stage.cleanup();
    expect(code).toBe(7);
    expect((await readdir(dir)).sort()).toEqual(["a.md", "b.md", "c.md"]);
    expect(await readFile(join(dir, "a.md"), "utf8")).toBe("new a\n");
    expect(await readFile(join(dir, "b.md"), "utf8")).toBe("old b\n");
  });
});
