/** The golden test: the master schema, through the default template, is the published seed page byte for byte. */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolvePages } from "../../scripts/config/config.js";
import { buildPage } from "../../scripts/pipeline/pipeline.js";
import { readdir } from "node:fs/promises";
import { ownThread } from "../../scripts/stages/verify-thread.js";
import { ROOT, SEED_PAGE, copyProject, runCli, tempDir, writeFile } from "../helpers.js";

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
  it("the built CLI writes the same bytes with stages 10 and 11 in their own thread and in the main thread, with and without TypeScript's code cache", async () => {
    const cache = await tempDir("cws-docgen-code-cache-");
    const outputs = async (env: NodeJS.ProcessEnv) => {
      const { dir, cleanup } = await tempDir();
      try {
        await copyProject(dir);
        const config = JSON.parse(await readFile(join(dir, "cws-docgen.config.json"), "utf8"));
        config.pages[0].package = { dir: "generated/events", name: "cws-backend-events", version: "0.1.0" };
        await writeFile(join(dir, "cws-docgen.config.json"), JSON.stringify(config));
        const r = await runCli(["generate", "--no-cache"], { cwd: dir, env: { XDG_CACHE_HOME: cache.dir, ...env } });
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
        const files = (await readdir(join(dir, "generated"), { recursive: true })).sort();
        return Promise.all(files.map(async (f) => [f, await readFile(join(dir, "generated", f), "utf8").catch(() => "(folder)")]));
      } finally {
        await cleanup();
      }
    };
    try {
      // The first run, in the thread, loads TypeScript without a code cache and writes one (in the user's cache folder);
      // the second, in the main thread, loads TypeScript from it. Neither the thread nor the cache changes a byte.
      const thread = await outputs({ CWS_DOCGEN_TS_THREAD: "always" });
      expect(await readdir(join(cache.dir, "cws-docgen/v8"))).toEqual([expect.stringMatching(/^typescript-[0-9a-f]{32}\.bin$/)]);
      const main = await outputs({ CWS_DOCGEN_TS_THREAD: "never" });
      expect(thread.map(([f]) => f)).toContain("events/types.d.ts");
      expect(thread).toEqual(main);
      expect(Object.fromEntries(thread)["backend-event.ts"]).toBe(await readFile(join(ROOT, "generated/backend-event.ts"), "utf8"));
    } finally {
      await cache.cleanup();
    }
  });

  it("CWS_DOCGEN_TS_THREAD=always or never decides instead of the number of cores", () => {
    expect(ownThread({ CWS_DOCGEN_TS_THREAD: "always" })).toBe(true);
    expect(ownThread({ CWS_DOCGEN_TS_THREAD: "never" })).toBe(false);
  });
});
