/**
 * `cws-docgen attributes`: the attribute paths of a page's schema
 * (pipeline/attributes.ts), printed as grep-friendly text, as the JSON the
 * page's attribute file holds, or as a Markdown table. Every schema string is
 * untrusted: the text format shows each path on one line with no raw control
 * character, the table escapes each cell. A filter that matches nothing prints
 * nothing (text; an empty table, or a document with `count` 0) and exits 0.
 */
import type { Overrides } from "../config/config.js";
import { mdCode, mdText } from "../core/markdown.js";
import { EXIT, printable } from "../core/problems.js";
import { type AttributeFormat, filterAttributes, pageAttributes } from "../pipeline/attributes.js";
import { attributesDocument, attributesJson, type Attribute, type AttributeIndex } from "../stages/index-attributes.js";
import type { SchemaStream } from "../stages/load.js";
import { progressLine, type Terminal } from "./progress.js";

export interface AttributesCommandOptions extends Pick<Overrides, "config" | "page" | "schema"> {
  filter?: string;
  format?: AttributeFormat;
  maxSchemaSize?: number;
}

export async function runAttributes(
  options: AttributesCommandOptions,
  out: { stdout: (s: string) => void; progress?: Terminal; stdin?: SchemaStream },
): Promise<number> {
  const progress = out.progress ? progressLine(out.progress) : undefined;
  const page = await pageAttributes(
    { config: options.config, page: options.page, schema: options.schema },
    { maxSchemaBytes: options.maxSchemaSize, stdin: out.stdin, onStage: progress?.onStage },
  ).finally(() => progress?.stop());
  const index = filterAttributes(page.index, options.filter);
  out.stdout(formatAttributes(index, options.format ?? "text", page.about));
  return EXIT.ok;
}

function formatAttributes(index: AttributeIndex, format: AttributeFormat, about: { schema: string; rootType: string }): string {
  switch (format) {
    case "json":
      return attributesJson(attributesDocument(index, about));
    case "markdown":
      return markdownTable(index.attributes);
    case "text":
      return index.attributes.map((a) => `${textLine(a)}\n`).join("");
  }
}

/**
 * One attribute as one line of tab-separated fields: the marked path, its type,
 * its marks (`-` when none), its description. Names are shown escaped (`\u000a`
 * for a line feed in a name); in the description a line break or a tab is a space.
 */
function textLine(a: Attribute): string {
  const description = a.description.replace(/\r\n|[\r\n\t]/g, " ");
  const marks = marksOf(a);
  return [a.marked, typeOf(a), marks.length === 0 ? "-" : marks.join(","), description].map(printable).join("\t");
}

/** `string`, `string|null`, `array<object>`, `array<array<string>>|null`; `any` when the schema does not say. */
function typeOf(a: Attribute): string {
  const arrays = a.segments.at(-1)?.arrays ?? 0;
  let inner = a.itemTypes && a.itemTypes.length > 0 ? a.itemTypes.join("|") : "any";
  for (let i = 1; i < arrays; i++) inner = `array<${inner}>`;
  if (a.types.length === 0) return arrays > 0 ? `array<${inner}>` : "any";
  return a.types.map((t) => (t === "array" && arrays > 0 ? `array<${inner}>` : t)).join("|");
}

/** `required`, the branches the path went through (`oneOf[1]/allOf[0]`), `recursive→Definition`. */
function marksOf(a: Attribute): string[] {
  const marks: string[] = [];
  if (a.required) marks.push("required");
  if (a.branches) marks.push(a.branches.join("/"));
  if (a.recursive) marks.push(`recursive→${a.recursive.definition?.name ?? (a.recursive.at === "" ? "(root)" : a.recursive.at)}`);
  return marks;
}

/** A GFM table: path, type, required, description; every cell through the page's own escaping. */
function markdownTable(attributes: Attribute[]): string {
  const rows = attributes.map(
    (a) => `| ${mdCode(a.marked)} | ${mdCode(typeOf(a))} | ${a.required ? "yes" : "no"} | ${mdText(a.description) || " "} |`,
  );
  return `${["| path | type | required | description |", "| --- | --- | --- | --- |", ...rows].join("\n")}\n`;
}
