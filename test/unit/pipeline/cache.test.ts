/**
 * The cache key holds a hash of every module of the generator: a change to any
 * stage, helper or command (in any folder) must make a new key. The bundle's hash
 * is computed by the build (dist/generator.json) and read by the built CLI. The key's
 * use of that file is tested in this process, the file given as the bundle reads it
 * (readFingerprintFrom); one run of the built CLI shows that it reads dist/generator.json.
 */
import { cp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { relative } from "node:path";
import { describe, expect, it } from "vitest";
import { BUILT_FINGERPRINT, generatorModules, readFingerprintFrom } from "../../../scripts/pipeline/cache.js";
// @ts-expect-error: the build is plain JavaScript, with no declarations.
import { generatorHash } from "../../../scripts/dev/build.mjs";
import { MASTER_SCHEMA, ROOT, join, runCli, runInProcess, tempDir } from "../../helpers.js";

const ARGS = ["generate", "--schema", "schema.json", "--docs-out", "page.md", "--no-types", "--timings"];

describe("the cache key's modules", () => {
  it("are every built and source module in every folder but the dev tools", async () => {
    const files = (await generatorModules()).map((f) => relative(ROOT, f));
    for (const f of [
      "scripts/stages/model.ts",
      "scripts/stages/lint/chunk.ts",
      "scripts/core/drafts.ts",
      "scripts/cli/main.ts",
      "dist/cli.js",
      "dist/lint-worker.js",
    ]) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => f.includes("/dev/") || f.startsWith("dist/types/") || f.endsWith(".d.ts"))).toEqual([]);
    // The bundle's chunks too.
    expect(files.filter((f) => /^dist\/[^/]+\.js$/.test(f)).length).toBeGreaterThan(5);
  });

  it("the build's hash of the bundle covers every file of the generator, and is current; not the events entry, which generated/ makes", async () => {
    const written = JSON.parse(await readFile(BUILT_FINGERPRINT, "utf8")) as { sha256: string; files: string[] };
    const bundle = (await readdir(join(ROOT, "dist"))).filter((f) => f.endsWith(".js")).sort();
    expect(written.files).toEqual(bundle.filter((f) => f !== "events.js"));
    expect(written.files).toEqual(expect.arrayContaining(["cli.js", "index.js", "lint-worker.js", "verify-worker.js"]));
    expect(bundle).toContain("events.js");
    expect(written).toEqual(generatorHash(join(ROOT, "dist")));
  });

  it("the key takes the hash read from that file: another hash misses; without the file, or with one that is not JSON, the bundle is hashed", async () => {
    const { dir, cleanup } = await tempDir("cws-docgen-fingerprint-");
    const fingerprint = join(dir, "generator.json");
    await cp(BUILT_FINGERPRINT, fingerprint);
    const before = readFingerprintFrom(fingerprint);
    try {
      await cp(MASTER_SCHEMA, join(dir, "schema.json"));
      // Each build as a new process of the bundle makes it: the hash read afresh from the file.
      const build = async () => {
        readFingerprintFrom(fingerprint);
        const r = await runInProcess(ARGS, { cwd: dir, env: { CWS_DOCGEN_CACHE_DIR: join(dir, "cache") } });
        expect(r.code, r.stderr).toBe(0);
        return /\brender\b/.test(r.stderr) ? "built" : "cached";
      };
      expect(await build()).toBe("built");
      expect(await build()).toBe("cached");
      const written = JSON.parse(await readFile(fingerprint, "utf8")) as { sha256: string };
      await writeFile(fingerprint, JSON.stringify({ ...written, sha256: "0".repeat(64) }));
      expect(await build()).toBe("built");
      expect(await build()).toBe("cached");
      // A file that is not the build's (not JSON): as if there were none, the bundle is hashed.
      await writeFile(fingerprint, "{");
      expect(await build()).toBe("built");
      expect(await build()).toBe("cached");
      await rm(fingerprint);
      expect(await build()).toBe("cached");
    } finally {
      readFingerprintFrom(before);
      await cleanup();
    }
  });

  it("the built CLI reads that file: its key is the one a build reading dist/generator.json makes", async () => {
    const { dir, cleanup } = await tempDir("cws-docgen-fingerprint-");
    const before = readFingerprintFrom(BUILT_FINGERPRINT);
    try {
      await cp(MASTER_SCHEMA, join(dir, "schema.json"));
      const env = { CWS_DOCGEN_CACHE_DIR: join(dir, "cache") };
      const inProcess = await runInProcess(ARGS, { cwd: dir, env });
      expect([inProcess.code, /\brender\b/.test(inProcess.stderr)]).toEqual([0, true]);
      // Had the bundle hashed its modules instead, its key would differ: a miss, and the page rendered.
      const bundle = await runCli(ARGS, { cwd: dir, env });
      expect(bundle.code, bundle.stderr).toBe(0);
      expect(bundle.stderr).not.toMatch(/\brender\b/);
    } finally {
      readFingerprintFrom(before);
      await cleanup();
    }
  });
});
