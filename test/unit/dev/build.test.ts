/**
 * The build's two parts (scripts/dev/build.mjs), in a copy of the repository's sources and of its
 * current build: what `generate` writes into generated/ leaves the generator (the CLI, the library, the
 * workers) current, so `--run` starts the CLI without bundling and the generator's hash (dist/generator.json),
 * the build cache's key, stays the same; only what reads generated/ (the events entry, the dev tools) is
 * stale. A change under scripts/ makes both stale. (`--stale` says which part a build would make.)
 */
import { cp, mkdir, readFile, stat, symlink, utimes } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, join, runCommand, tempDir } from "../../helpers.js";

let tmp: { dir: string; cleanup: () => Promise<void> };
let copy: string;

const build = (...args: string[]) => runCommand(process.execPath, ["scripts/dev/build.mjs", ...args], copy);
/** Marks a file of the copy as written a second after everything in it. */
const touch = async (file: string) => {
  const later = new Date(Date.now() + 1000);
  await utimes(join(copy, file), later, later);
};

beforeAll(async () => {
  tmp = await tempDir("cws-docgen-build-");
  copy = join(tmp.dir, "repo");
  await mkdir(copy);
  for (const f of ["scripts", "generated", "package.json", "package-lock.json", "tsconfig.json", "config.schema.json"]) {
    await cp(join(ROOT, f), join(copy, f), { recursive: true });
  }
  await symlink(join(ROOT, "node_modules"), join(copy, "node_modules"), "dir");
  // The repository's build (current: the global setup made it), copied last: newer than the sources copied before.
  await cp(join(ROOT, "dist"), join(copy, "dist"), { recursive: true });
});
afterAll(() => tmp.cleanup());

describe("the build's parts", () => {
  it("a build copied after its sources is current", async () => {
    expect((await build("--stale")).stdout).toBe("generator: current\nreaders: current\n");
  });

  it("a write to generated/ leaves the generator current: --run bundles nothing and keeps its hash; only the events entry and the dev tools are stale", async () => {
    const stamp = (await stat(join(copy, "dist/.build-stamp"))).mtimeMs;
    const hash = await readFile(join(copy, "dist/generator.json"), "utf8");
    await touch("generated/backend-event.validator.ts");
    expect((await build("--stale")).stdout).toBe("generator: current\nreaders: stale\n");
    const run = await build("--if-stale", "--run", "--version");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+/);
    expect((await stat(join(copy, "dist/.build-stamp"))).mtimeMs).toBe(stamp);
    expect(await readFile(join(copy, "dist/generator.json"), "utf8")).toBe(hash);
  });

  it("a change under scripts/ makes both parts stale", async () => {
    await touch("scripts/core/similar.ts");
    expect((await build("--stale")).stdout).toBe("generator: stale\nreaders: stale\n");
  });
});
