/**
 * The cache key holds a hash of every module of the generator: a change to any
 * stage, helper or command (in any folder) must make a new key.
 */
import { relative } from "node:path";
import { describe, expect, it } from "vitest";
import { generatorModules } from "../scripts/pipeline/cache.js";
import { ROOT } from "./helpers.js";

describe("the cache key's modules", () => {
  it("are every built and source module in every folder but the dev tools", async () => {
    const files = (await generatorModules()).map((f) => relative(ROOT, f));
    for (const f of [
      "scripts/stages/04-model.ts",
      "scripts/stages/07-lint/chunk.ts",
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
});
