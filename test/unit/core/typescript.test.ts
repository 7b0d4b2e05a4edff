/**
 * TypeScript's V8 code cache (scripts/core/typescript.ts): a module loaded through it behaves as
 * require() would load it; a cache is taken when V8 accepts it, and a missing, corrupt or stale one
 * costs only the plain load; the key changes with the file; only a cache this user sealed, read
 * without following a link from a folder no one else can write, reaches V8.
 */
import { createHash } from "node:crypto";
import { chmod, lstat, mkdir, readdir, readFile, rm, stat, symlink, utimes, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { basename, join } from "node:path";
import type TS from "typescript";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { codeCacheFile, KEPT_CODE_CACHES, loadWithCodeCache } from "../../../scripts/core/typescript.js";
import { tempDir } from "../../helpers.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir("cws-docgen-code-cache-")));
afterEach(() => cleanup());

// A CommonJS module that uses what Node's wrapper gives it, and throws from a known line.
const MODULE = [
  '"use strict";',
  'const { basename } = require("node:path");',
  "exports.file = basename(__filename);",
  "exports.dir = __dirname;",
  "exports.self = this === exports;",
  "exports.double = (n) => n * 2;",
  'exports.fail = () => { throw new Error("from line 8"); };',
  "",
].join("\n");

describe("a CommonJS module loaded with a code cache", () => {
  it("runs as require() runs it (its require, __filename, __dirname, this, line numbers), then from the cache", async () => {
    const file = join(dir, "mod.js");
    await writeFile(file, MODULE);
    const cacheFile = codeCacheFile(file, join(dir, "v8"))!;
    const first = loadWithCodeCache(file, cacheFile)!;
    expect(first.fromCache).toBe(false);
    const mod = first.exports as { file: string; dir: string; self: boolean; double: (n: number) => number; fail: () => void };
    expect([mod.file, mod.dir, mod.self, mod.double(21)]).toEqual(["mod.js", dir, true, 42]);
    expect(() => mod.fail()).toThrow("from line 8");
    try {
      mod.fail();
    } catch (err) {
      expect((err as Error).stack).toContain(`${file}:7:`);
    }
    first.save!();
    expect((await stat(cacheFile)).mode & 0o777).toBe(0o600);
    const second = loadWithCodeCache(file, cacheFile)!;
    expect(second.fromCache).toBe(true);
    expect(second.save).toBeUndefined();
    expect((second.exports as typeof mod).double(4)).toBe(8);
  });

  it("reads a module's text as require() does: ASCII as it is, UTF-8 decoded and without its byte order mark", async () => {
    const ascii = join(dir, "ascii.js");
    const utf8 = join(dir, "utf8.js");
    await writeFile(ascii, 'exports.text = "plain ~ text";\n');
    await writeFile(utf8, '\uFEFFexports.text = "caf\u00e9 \u2014 \u{1F512}";\n');
    for (const file of [ascii, utf8]) {
      const loaded = loadWithCodeCache(file, codeCacheFile(file, join(dir, "v8")))!;
      expect((loaded.exports as { text: string }).text).toBe((createRequire(file)(file) as { text: string }).text);
    }
    expect((loadWithCodeCache(utf8, codeCacheFile(utf8, join(dir, "v8")))!.exports as { text: string }).text).toBe("café — 🔒");
  });

  it("a cache file whose bytes changed is not used (V8 alone would run it): the module still loads, and saving replaces the file", async () => {
    const file = join(dir, "mod.js");
    await writeFile(file, MODULE);
    const cacheFile = codeCacheFile(file, join(dir, "v8"))!;
    loadWithCodeCache(file, cacheFile)!.save!();
    const good = await readFile(cacheFile);
    // One bit, past our checksum (32 bytes) and V8's header.
    const flipped = Buffer.from(good);
    flipped[good.length - 8]! ^= 0x01;
    await writeFile(cacheFile, flipped);
    const loaded = loadWithCodeCache(file, cacheFile)!;
    expect(loaded.fromCache).toBe(false);
    expect((loaded.exports as { double: (n: number) => number }).double(3)).toBe(6);
    loaded.save!();
    expect(loadWithCodeCache(file, cacheFile)!.fromCache).toBe(true);
  });

  it("a cache is believed only as this user sealed it for its own name: not with a plain hash anyone can compute, not moved from another module's name", async () => {
    const file = join(dir, "mod.js");
    const other = join(dir, "other.js");
    await writeFile(file, MODULE);
    // Another text of the same length, whose bytecode would run in its place.
    await writeFile(other, MODULE.replace("double", "DOUBLE"));
    const cacheFile = codeCacheFile(file, join(dir, "v8"))!;
    const otherCache = codeCacheFile(other, join(dir, "v8"))!;
    loadWithCodeCache(other, otherCache)!.save!();
    const sealedOther = await readFile(otherCache);
    await writeFile(cacheFile, sealedOther);
    expect(loadWithCodeCache(file, cacheFile)!.fromCache).toBe(false);
    const data = sealedOther.subarray(32);
    await writeFile(cacheFile, Buffer.concat([createHash("sha256").update(data).digest(), data]));
    const loaded = loadWithCodeCache(file, cacheFile)!;
    expect(loaded.fromCache).toBe(false);
    expect((loaded.exports as { double: (n: number) => number }).double(2)).toBe(4);
  });

  it("a cache reached through a link is not read, and saving replaces the link without writing through it", async () => {
    const file = join(dir, "mod.js");
    await writeFile(file, MODULE);
    const cacheFile = codeCacheFile(file, join(dir, "v8"))!;
    loadWithCodeCache(file, cacheFile)!.save!();
    const good = await readFile(cacheFile);
    await writeFile(join(dir, "elsewhere"), good);
    await rm(cacheFile);
    await symlink(join(dir, "elsewhere"), cacheFile);
    const loaded = loadWithCodeCache(file, cacheFile)!;
    expect(loaded.fromCache).toBe(false);
    await writeFile(join(dir, "elsewhere"), "a file of the user's\n");
    loaded.save!();
    expect(await readFile(join(dir, "elsewhere"), "utf8")).toBe("a file of the user's\n");
    expect((await lstat(cacheFile)).isSymbolicLink()).toBe(false);
    expect(loadWithCodeCache(file, cacheFile)!.fromCache).toBe(true);
  });

  it("a cache folder other users can write is neither read nor written", async () => {
    const file = join(dir, "mod.js");
    await writeFile(file, MODULE);
    const v8 = join(dir, "v8");
    const cacheFile = codeCacheFile(file, v8)!;
    loadWithCodeCache(file, cacheFile)!.save!();
    await chmod(v8, 0o777);
    const loaded = loadWithCodeCache(file, cacheFile)!;
    expect(loaded.fromCache).toBe(false);
    await rm(cacheFile);
    loaded.save!();
    expect(await readdir(v8)).toEqual([]);
  });

  it("a cache that cannot be written (its folder is a file) costs nothing but the plain load, each time", async () => {
    const file = join(dir, "mod.js");
    await writeFile(file, MODULE);
    await writeFile(join(dir, "v8"), "a file where the cache's folder would be");
    const cacheFile = codeCacheFile(file, join(dir, "v8"))!;
    const first = loadWithCodeCache(file, cacheFile)!;
    expect(() => first.save!()).not.toThrow();
    const second = loadWithCodeCache(file, cacheFile)!;
    expect(second.fromCache).toBe(false);
    expect((second.exports as { double: (n: number) => number }).double(5)).toBe(10);
  });

  it("writing a cache keeps the module's newest few and deletes the older ones, and old temporary files", async () => {
    const file = join(dir, "mod.js");
    await writeFile(file, MODULE);
    const v8 = join(dir, "v8");
    await mkdir(v8);
    const hex = (i: number) => i.toString(16).padStart(32, "0");
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
    // Six older caches of this module (installs before this one), a temporary file left long ago, one being written now, another module's cache.
    for (let i = 1; i <= 6; i++) {
      await writeFile(join(v8, `mod-${hex(i)}.bin`), "old");
      await utimes(join(v8, `mod-${hex(i)}.bin`), hoursAgo(10 - i), hoursAgo(10 - i));
    }
    await writeFile(join(v8, `mod-${hex(7)}.bin.tmp-${"1".repeat(16)}`), "left");
    await utimes(join(v8, `mod-${hex(7)}.bin.tmp-${"1".repeat(16)}`), hoursAgo(5), hoursAgo(5));
    await writeFile(join(v8, `mod-${hex(8)}.bin.tmp-${"2".repeat(16)}`), "being written");
    await writeFile(join(v8, `other-${hex(1)}.bin`), "another module's");
    await utimes(join(v8, `other-${hex(1)}.bin`), hoursAgo(20), hoursAgo(20));
    const cacheFile = codeCacheFile(file, v8)!;
    loadWithCodeCache(file, cacheFile)!.save!();
    const kept = (await readdir(v8)).sort();
    expect(kept).toEqual(
      [
        basename(cacheFile),
        `mod-${hex(4)}.bin`,
        `mod-${hex(5)}.bin`,
        `mod-${hex(6)}.bin`,
        `mod-${hex(8)}.bin.tmp-${"2".repeat(16)}`,
        `other-${hex(1)}.bin`,
      ].sort(),
    );
    expect(KEPT_CODE_CACHES).toBe(4);
  });

  it("a module that throws while it runs is not returned (the caller require()s it)", async () => {
    const file = join(dir, "bad.js");
    await writeFile(file, 'throw new Error("no");\n');
    expect(loadWithCodeCache(file, codeCacheFile(file, join(dir, "v8")))).toBeUndefined();
    expect(loadWithCodeCache(join(dir, "missing.js"), codeCacheFile(join(dir, "missing.js"), join(dir, "v8")))).toBeUndefined();
  });

  it("the cache's name changes with the file: another content of the same length, or the same bytes rewritten later", async () => {
    const file = join(dir, "mod.js");
    await writeFile(file, MODULE);
    const before = codeCacheFile(file, join(dir, "v8"));
    expect(before).toMatch(/[/\\]v8[/\\]mod-[0-9a-f]{32}\.bin$/);
    await writeFile(file, MODULE.replace("double", "triple"));
    const later = new Date(Date.now() + 5000);
    await utimes(file, later, later);
    expect(codeCacheFile(file, join(dir, "v8"))).not.toBe(before);
  });

  it("TypeScript itself: the second load comes from the cache and parses as the first", () => {
    const file = createRequire(import.meta.url).resolve("typescript");
    const cacheFile = codeCacheFile(file, join(dir, "v8"))!;
    const parse = (ts: typeof TS) =>
      ts.createSourceFile("a.ts", "export interface A { a: string }", ts.ScriptTarget.ESNext).statements.map((s) => ts.SyntaxKind[s.kind]);
    const first = loadWithCodeCache(file, cacheFile)!;
    expect(parse(first.exports as typeof TS)).toEqual(["InterfaceDeclaration"]);
    first.save!();
    const second = loadWithCodeCache(file, cacheFile)!;
    expect(second.fromCache).toBe(true);
    expect(parse(second.exports as typeof TS)).toEqual(["InterfaceDeclaration"]);
  });
});
