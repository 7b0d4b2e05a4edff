import { chmod, readdir, readFile, stat, mkdir } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeOutputs } from "../scripts/write.js";
import { join, tempDir, writeFiles } from "./helpers.js";

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
    await expect(writeOutputs([{ file: join(dir, "first.md"), content: "new first" }, { file: join(dir, "blocked/second.md"), content: "x" }])).rejects.toThrow(/cannot write the output/);
    expect(await readFile(join(dir, "first.md"), "utf8")).toBe("old first");
    expect((await readdir(dir)).sort()).toEqual(["blocked", "first.md"]);
  });

  it("removes the temporary files a killed run left, and only those of processes that are gone", async () => {
    // A pid no process has (above the kernel's maximum), and this test runner's parent, which runs.
    const gone = 4_194_305;
    await writeFiles(dir, { "page.md": "old", [`.page.md.tmp-${gone}-0`]: "half a page", [`.page.md.tmp-${process.ppid}-0`]: "another run's, still going", [`.other.md.tmp-${gone}-0`]: "not next to this output" });
    await writeOutputs([{ file: join(dir, "page.md"), content: "new" }]);
    expect((await readdir(dir)).sort()).toEqual([`.other.md.tmp-${gone}-0`, `.page.md.tmp-${process.ppid}-0`, "page.md"]);
    expect(await readFile(join(dir, "page.md"), "utf8")).toBe("new");
  });
});
