/**
 * The golden test: the master schema, through the default template, is the published seed page byte for byte; and
 * the built bundle writes the same bytes wherever TypeScript runs (its own thread, the main thread) and however it loads.
 */
import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolvePages } from "../../scripts/config/config.js";
import { buildPage } from "../../scripts/pipeline/pipeline.js";
import { readdir } from "node:fs/promises";
import { SMALL_SCHEMA_BYTES, ownThread } from "../../scripts/stages/verify-thread.js";
import { MASTER_SCHEMA, ROOT, SEED_PAGE, builtPackage, copyProject, inFolder, runCli, tempDir, writeFile } from "../helpers.js";

describe("golden: the seed page", () => {
  it("is rebuilt byte for byte from schema/backend.schema.json", async () => {
    const [page] = await resolvePages({}, ROOT);
    const built = await buildPage(page!, {}, { cache: false });
    const seed = await readFile(SEED_PAGE, "utf8");
    // Compare as buffers: a byte-level difference (CRLF, BOM, trailing newline) must fail too.
    expect(Buffer.from(built.docs.content).equals(Buffer.from(seed))).toBe(true);
    expect(built.docs.content).toBe(seed); // the readable diff, when the line above fails
  });

  it("is what docs/backend.md holds, and generated/backend-event.ts is current", async () => {
    const [page] = await resolvePages({}, ROOT);
    const built = await buildPage(page!, {}, { cache: false });
    expect(await readFile(join(ROOT, "docs/backend.md"), "utf8")).toBe(await readFile(SEED_PAGE, "utf8"));
    expect(await readFile(join(ROOT, "generated/backend-event.ts"), "utf8")).toBe(built.types!.content);
  });

  it("reads upstream's schema exactly as committed (its git blob id starts c51619de4a, as in its name upstream)", async () => {
    const bytes = await readFile(join(ROOT, "schema/backend.schema.json"));
    const blob = createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
    expect(blob.startsWith("c51619de4a")).toBe(true);
  });

  it("holds the whole schema: every code block parses back to the master schema, less its $schema keywords", async () => {
    const seed = await readFile(SEED_PAGE, "utf8");
    const schema = JSON.parse(await readFile(join(ROOT, "schema/backend.schema.json"), "utf8"), (key, value) => {
      // upstream repeats "$schema" inside properties; the page shows none (no property here is named "$schema").
      if (value !== null && typeof value === "object" && !Array.isArray(value) && "$schema" in value && key !== "") delete value.$schema;
      return value;
    });
    expect(seed).not.toContain('"$schema"');
    const blocks = [...seed.matchAll(/\{\{< code-block[^>]*>\}\}\n([\s\S]*?)\n\n\{\{< \/code-block >\}\}/g)].map((m) => JSON.parse(m[1]!));
    const names = [...seed.matchAll(/^## `([^`]+)`$/gm)].map((m) => m[1]);
    const { $schema, definitions, ...root } = schema;
    expect($schema).toBe("http://json-schema.org/draft-04/schema#");
    expect(blocks[0]).toEqual(root);
    expect(names).toEqual(Object.keys(definitions));
    expect(blocks.slice(1)).toEqual(Object.values(definitions));
    expect(names).toHaveLength(16);
  });
});

describe("golden: the TypeScript thread", () => {
  it("the built bundle writes the same bytes with stages 10 and 11 in their own thread and in the main thread, with and without TypeScript's code cache", async () => {
    const cache = await tempDir("cws-docgen-code-cache-");
    /** What `generate --no-cache` writes in a copy of the project (with the events package), through `build`. */
    const outputs = async (build: (dir: string) => Promise<void>) => {
      const { dir, cleanup } = await tempDir();
      try {
        await copyProject(dir);
        const config = JSON.parse(await readFile(join(dir, "cws-docgen.config.json"), "utf8"));
        config.pages[0].package = { dir: "generated/events", name: "cws-backend-events", version: "0.1.0" };
        await writeFile(join(dir, "cws-docgen.config.json"), JSON.stringify(config));
        await build(dir);
        const files = (await readdir(join(dir, "generated"), { recursive: true })).sort();
        return Promise.all(files.map(async (f) => [f, await readFile(join(dir, "generated", f), "utf8").catch(() => "(folder)")]));
      } finally {
        await cleanup();
      }
    };
    try {
      // The first build, in the thread, loads TypeScript without a code cache and writes one (in the user's cache
      // folder). It is the bundle's, in this process: the thread is a fresh one, where TypeScript was never loaded.
      const thread = await outputs((dir) =>
        inFolder(dir, { XDG_CACHE_HOME: cache.dir, CWS_DOCGEN_TS_THREAD: "always" }, async () => {
          await builtPackage().generate({}, { cache: false });
        }),
      );
      expect(await readdir(join(cache.dir, "cws-docgen/v8"))).toEqual([expect.stringMatching(/^typescript-[0-9a-f]{32}\.bin$/)]);
      // The second, the built CLI in a process of its own, in its main thread, loads TypeScript from that cache.
      const main = await outputs(async (dir) => {
        const r = await runCli(["generate", "--no-cache"], { cwd: dir, env: { XDG_CACHE_HOME: cache.dir, CWS_DOCGEN_TS_THREAD: "never" } });
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
      });
      expect(thread.map(([f]) => f)).toContain("events/types.d.ts");
      expect(thread).toEqual(main);
      expect(Object.fromEntries(thread)["backend-event.ts"]).toBe(await readFile(join(ROOT, "generated/backend-event.ts"), "utf8"));
    } finally {
      await cache.cleanup();
    }
  });

  it("CWS_DOCGEN_TS_THREAD=always or never decides instead of the number of cores and the schema's size", () => {
    expect(ownThread({ CWS_DOCGEN_TS_THREAD: "always" })).toBe(true);
    expect(ownThread({ CWS_DOCGEN_TS_THREAD: "always" }, 100)).toBe(true);
    expect(ownThread({ CWS_DOCGEN_TS_THREAD: "never" })).toBe(false);
    expect(ownThread({ CWS_DOCGEN_TS_THREAD: "never" }, 10 * SMALL_SCHEMA_BYTES)).toBe(false);
  });

  it("by default, a schema whose root file is under SMALL_SCHEMA_BYTES builds in one thread; a larger one, or one of unknown size, gets a thread on two cores or more", () => {
    const cores = availableParallelism() >= 2;
    expect(ownThread({}, SMALL_SCHEMA_BYTES - 1)).toBe(false);
    expect(ownThread({}, SMALL_SCHEMA_BYTES)).toBe(cores);
    expect(ownThread({})).toBe(cores);
    // The seed's schema is small: its default build has no TypeScript thread.
    expect(statSync(MASTER_SCHEMA).size).toBeLessThan(SMALL_SCHEMA_BYTES);
  });
});
