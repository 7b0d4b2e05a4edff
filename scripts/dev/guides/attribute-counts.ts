/** The `attribute-counts` region (guides/attributes.md): what the attribute index gives on each schema the project keeps. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { mdCode } from "../../core/markdown.js";
import { PACKAGE_ROOT } from "../../core/package-root.js";
import { type CorpusSchema, corpusSchemaFile } from "../corpus.js";

/**
 * What the attribute index gives on each schema the project keeps, read from the golden
 * listings of test/unit/stages/index-attributes.test.ts (one line per attribute: its marked path, a colon, its
 * type and marks) and the schemas themselves (their definitions).
 */
export function attributeCounts(): string {
  const listings = join(PACKAGE_ROOT, "test/fixtures/attributes/expected");
  const schemaOf = (name: string) =>
    name === "backend.schema" ? join(PACKAGE_ROOT, "schema/backend.schema.json") : corpusSchemaFile(name as CorpusSchema);
  const rows = readdirSync(listings)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((f) => {
      const name = f.slice(0, -".txt".length);
      const schema = JSON.parse(readFileSync(schemaOf(name), "utf8")) as Record<string, unknown>;
      const definitions = Object.keys({ ...(schema.definitions as object | undefined), ...(schema.$defs as object | undefined) }).length;
      const lines = readFileSync(join(listings, f), "utf8")
        .split("\n")
        .filter((l) => l !== "");
      const paths = lines.map((l) => l.slice(0, l.indexOf(": ")));
      const depth = Math.max(...paths.map((p) => p.split(".").length));
      const deepest = paths.find((p) => p.split(".").length === depth)!;
      return [
        name === "backend.schema" ? "seed (`schema/backend.schema.json`)" : mdCode(`${name}.json`),
        String(definitions),
        String(paths.length),
        String(new Set(paths.map((p) => p.split(".")[0])).size),
        String(paths.filter((p) => p.endsWith("[]")).length),
        String(paths.filter((p) => p.split(".").some((s) => /^\*(\[\])*$/.test(s))).length),
        String(lines.filter((l) => /; required;/.test(l)).length),
        `${depth}: ${mdCode(deepest)}`,
      ];
    });
  return [
    "| schema | definitions | attribute paths | top-level | arrays | wildcards | required | deepest |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
}
