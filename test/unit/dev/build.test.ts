/**
 * The build's two parts (scripts/dev/build.mjs), in a copy of the repository's sources: what
 * `generate` writes into generated/ leaves the generator (the CLI, the library, the workers) current,
 * so `--run` starts the CLI without bundling and its hash (dist/generator.json), the build cache's key,
 * stays the same; a plain `--if-stale` build then makes only what reads generated/ (the events
 * entry, the dev tools) again. A change under scripts/ makes the generator again.
 */
import { cp, mkdir, readFile, stat, symlink, utimes } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, join, runCommand, tempDir } from "../../helpers.js";

let tmp: { dir: string; cleanup: () => Promise<void> };
let copy: string;

const stamp = async (name: string) => (await stat(join(copy, "dist", name))).mtimeMs;
const build = (...args: string[]) => runCommand(process.execPath, ["scripts/dev/build.mjs", ...args], copy);
/** Marks a file as just written, a second after everything the build has made. */
const touch = async (file: string) => {
  const later = new Date(Date.now() + 1000);
  await utimes(join(copy, file), later, later);
};

beforeAll(async () => {
  tmp = await tempDir("cws-docgen-build-");
  copy = join(tmp.dir, "repo");
  await mkdir(copy);
  for (const f of ["scripts", "generated", "package.json", "package-lock.json", "tsconfig.json"]) {
    await cp(join(ROOT, f), join(copy, f), { recursive: true });
  }
  await symlink(join(ROOT, "node_modules"), join(copy, "node_modules"), "dir");
  const first = await build();
  expect(first.code, first.stderr).toBe(0);
});
afterAll(() => tmp.cleanup());

describe("the build's parts", () => {
  it("a write to generated/ leaves the generator and its hash as they are; --run bundles nothing, a plain build makes only the events entry and the dev tools", async () => {
    const generator = await stamp(".build-stamp");
    const readers = await stamp(".readers-stamp");
    const hash = await readFile(join(copy, "dist/generator.json"), "utf8");
    await touch("generated/backend-event.validator.ts");

    const run = await build("--if-stale", "--run", "--version");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+/);
    expect(await stamp(".build-stamp")).toBe(generator);
    expect(await stamp(".readers-stamp"), "--run leaves the readers to the next build").toBe(readers);

    expect((await build("--if-stale")).code).toBe(0);
    expect(await stamp(".build-stamp")).toBe(generator);
    expect(await stamp(".readers-stamp")).toBeGreaterThan(readers);
    expect(await readFile(join(copy, "dist/generator.json"), "utf8")).toBe(hash);
  });

  it("a change under scripts/ makes the generator again, even through --run", async () => {
    const generator = await stamp(".build-stamp");
    await touch("scripts/core/similar.ts");
    const run = await build("--if-stale", "--run", "--version");
    expect(run.code, run.stderr).toBe(0);
    expect(await stamp(".build-stamp")).toBeGreaterThan(generator);
  });
});
