/**
 * The build cache's key covers every library file cws-docgen reads from node_modules at run time
 * (core/libraries.ts): every library the sources require or resolve by name, and every library the
 * bundle leaves out, is one RUN_TIME_LIBRARIES covers; a file outside them is refused.
 */
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { libraryFile, librariesSignature } from "../../../scripts/core/libraries.js";
// @ts-expect-error: the build is plain JavaScript, with no declarations.
import { RUNTIME_EXTERNALS } from "../../../scripts/dev/build.mjs";
import { ROOT } from "../../helpers.js";

/** Every name a product module hands to require(), require.resolve() or libraryFile() as a literal, that is a package's. */
async function runTimeSpecifiers(): Promise<string[]> {
  const found = new Set<string>();
  const scripts = join(ROOT, "scripts");
  for (const name of await readdir(scripts, { recursive: true })) {
    if (!name.endsWith(".ts") || name.startsWith("dev/") || name.startsWith("runtime/")) continue;
    const text = await readFile(join(scripts, name), "utf8");
    for (const m of text.matchAll(/\b(?:require(?:\.resolve)?|libraryFile)\(\s*"([^"./][^"]*)"/g))
      if (!m[1]!.startsWith("node:")) found.add(m[1]!);
  }
  return [...found].sort();
}

describe("the libraries read at run time", () => {
  it("every package the sources require or resolve at run time is covered", async () => {
    const specifiers = await runTimeSpecifiers();
    // The generated meta-schema validators require Ajv's runtime helpers; the events package copies ajv-formats' code.
    expect(specifiers).toEqual(expect.arrayContaining(["ajv/dist/runtime/ucs2length", "ajv-formats/dist/formats.js", "typescript"]));
    for (const spec of specifiers) expect(() => libraryFile(spec), spec).not.toThrow();
  });

  it("every library the bundle leaves in node_modules is covered", () => {
    expect(RUNTIME_EXTERNALS).toEqual(["typescript", "prettier"]);
    for (const name of RUNTIME_EXTERNALS as string[]) expect(() => libraryFile(name), name).not.toThrow();
  });

  it("a library file outside them is refused, and the signature is the same twice", () => {
    expect(() => libraryFile("handlebars")).toThrow(/RUN_TIME_LIBRARIES .* does not cover it/);
    expect(() => libraryFile("ajv/dist/compile/codegen/index.js")).toThrow(/does not cover it/);
    expect(librariesSignature()).toMatch(/^[0-9a-f]{64}$/);
    expect(librariesSignature()).toBe(librariesSignature());
  });
});
