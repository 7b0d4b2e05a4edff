/**
 * What a `$ref` target is: a JSON file whatever its name ends in. Every stage reads it so (the
 * page, the attribute index, the types, the validator, `diff`); one that is not JSON is refused
 * with one message, naming the file, the line and the `$ref` that leads to it, by every command.
 * The commands run through the command line's `run` in this process (runInProcess).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatePagesInProcess, join, readFile, runInProcess, tempDir, writeFiles } from "../helpers.js";

/** A schema split over two files besides its own, whose names end in `first` and `second`; both refer back into the root file, the first in a cycle. */
function splitSchema(first: string, second: string): Record<string, string> {
  return {
    "backend.schema.json": JSON.stringify({
      $schema: "http://json-schema.org/draft-07/schema#",
      title: "Event",
      type: "object",
      required: ["process"],
      properties: {
        process: { $ref: `${first}#/definitions/Process` },
        exit: { $ref: `${second}#/definitions/Exit`, description: "How the process ended." },
      },
      definitions: {
        Code: { type: "integer", description: "An exit code." },
        Parent: { type: "object", properties: { process: { $ref: `${first}#/definitions/Process` } } },
      },
    }),
    [first]: JSON.stringify({
      definitions: {
        Process: {
          type: "object",
          description: "A process.",
          required: ["pid"],
          properties: {
            pid: { type: "integer", minimum: 1 },
            args: { type: "array", items: { type: "string" } },
            // A cycle through the root file: json-schema-ref-parser reads it, and this file, again under second names.
            parent: { $ref: "backend.schema.json#/definitions/Parent" },
          },
        },
      },
    }),
    [second]: JSON.stringify({
      definitions: {
        Exit: {
          type: "object",
          properties: { code: { $ref: "backend.schema.json#/definitions/Code" }, cause: { enum: ["EXITED", "KILLED"] } },
        },
      },
    }),
  };
}

describe("a $ref target is JSON whatever its name", () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await tempDir()));
  afterAll(() => cleanup());

  it("a schema split over defs.md and defs.txt builds the page, the types and the validator as with .json names", async () => {
    await writeFiles(join(dir, "json"), splitSchema("process.json", "exit.json"));
    await writeFiles(join(dir, "other"), splitSchema("process.md", "exit.txt"));
    const r = await generatePagesInProcess(dir, [
      { name: "json", schema: "backend.schema.json" },
      { name: "other", schema: "backend.schema.json" },
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    // Only the names of the files may differ, where an output names them (the page's banner names its schema's folder too).
    const named = (text: string) =>
      text.replaceAll("process.md", "process.json").replaceAll("exit.txt", "exit.json").replaceAll("from other/", "from json/");
    for (const output of ["page.md", "types.ts", "types.validator.ts"]) {
      const json = await readFile(join(dir, "json/out", output), "utf8");
      const other = await readFile(join(dir, "other/out", output), "utf8");
      expect(named(other), output).toBe(json);
    }
    expect(await readFile(join(dir, "json/out/types.ts"), "utf8")).toMatch(/export interface Process \{\n {2}pid: number;/);

    const attributes = async (name: string) =>
      (await runInProcess(["attributes", "--schema", join(name, "backend.schema.json"), "--format", "json"], { cwd: dir })).stdout;
    expect(named(await attributes("other"))).toBe(await attributes("json"));
    const diff = await runInProcess(["diff", "json/backend.schema.json", "other/backend.schema.json", "--format", "json"], { cwd: dir });
    expect(diff.stderr).toBe("");
    expect(JSON.parse(diff.stdout).changes).toEqual([]);
  });

  it("a .md target that is not JSON is refused by every command with one message: the file, its line, the $ref leading to it", async () => {
    await writeFiles(join(dir, "bad"), {
      ...splitSchema("process.md", "exit.txt"),
      "process.md": "# Process\n\nA process.\n",
    });
    const message =
      'cws-docgen: error: process.md:1:1: invalid JSON: unexpected character near "#" (referenced from backend.schema.json at /properties/process/$ref)\n' +
      "  hint: fix the JSON syntax at that place (a JSON linter or `node -e 'JSON.parse(...)'` shows the same)\n";
    const cwd = join(dir, "bad");
    await writeFiles(cwd, {
      "cws-docgen.config.json": JSON.stringify({
        pages: [{ name: "bad", schema: "backend.schema.json", docs: "out/page.md", types: "out/types.ts" }],
      }),
    });
    for (const args of [
      ["generate"],
      ["generate", "--no-types"],
      ["check"],
      ["attributes"],
      ["diff", "backend.schema.json", "backend.schema.json"],
    ]) {
      const r = await runInProcess(args, { cwd });
      expect(r.stderr, args.join(" ")).toBe(message);
      expect(r.code, args.join(" ")).toBe(2);
    }
  });
});
