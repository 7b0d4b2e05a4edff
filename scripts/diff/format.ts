/**
 * Schema evolution, present: a `SchemaDiff` as text for a terminal (colour only
 * when asked for), as Markdown for a pull-request comment or a changelog page,
 * or as JSON for tools.
 */
import { mdCode, mdText, oneLine } from "../core/markdown.js";
import type { Rich, SchemaChange, SchemaDiff } from "./compare.js";

export const FORMATS = ["text", "markdown", "json"] as const;
export type DiffFormat = (typeof FORMATS)[number];

export interface FormatOptions {
  /** ANSI colours in the text format. */
  color?: boolean;
}

export function formatDiff(diff: SchemaDiff, format: DiffFormat, options: FormatOptions = {}): string {
  switch (format) {
    case "text":
      return formatText(diff, options.color === true);
    case "markdown":
      return formatMarkdown(diff);
    case "json":
      return formatJson(diff);
  }
}

/**
 * Whether a stream gets colours: FORCE_COLOR wins (any value but 0 or false),
 * then NO_COLOR (any non-empty value) turns them off, then only a terminal
 * (not a pipe or a file, and not TERM=dumb) gets them.
 */
export function colorWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force.toLowerCase() !== "false";
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return stream.isTTY === true && env.TERM !== "dumb";
}

function counts(diff: SchemaDiff): { breaking: SchemaChange[]; other: SchemaChange[] } {
  return { breaking: diff.changes.filter((c) => c.breaking), other: diff.changes.filter((c) => !c.breaking) };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

// --- text ---------------------------------------------------------------

const SGR = { red: [31, 39], green: [32, 39], yellow: [33, 39], bold: [1, 22], dim: [2, 22], cyan: [36, 39] } as const;

function formatText(diff: SchemaDiff, color: boolean): string {
  const paint = (style: keyof typeof SGR, s: string) => (color ? `\x1b[${SGR[style][0]}m${s}\x1b[${SGR[style][1]}m` : s);
  const rich = (r: Rich, base?: keyof typeof SGR) =>
    r
      .map((p) => (typeof p === "string" ? (base ? paint(base, oneLine(p)) : oneLine(p)) : paint("cyan", `\`${oneLine(p.code)}\``)))
      .join("");
  const { breaking, other } = counts(diff);
  const lines: string[] = [paint("bold", `Schema changes from ${oneLine(diff.old)} to ${oneLine(diff.new)}`)];
  if (diff.changes.length === 0) {
    lines.push("no changes");
    return `${lines.join("\n")}\n`;
  }
  lines.push(
    `${plural(diff.changes.length, "change")}: ${breaking.length > 0 ? paint("red", `${breaking.length} breaking`) : "0 breaking"}, ${other.length} not breaking`,
  );
  const section = (title: string, items: SchemaChange[], mark: string, style: keyof typeof SGR) => {
    if (items.length === 0) return;
    lines.push("", paint(style, paint("bold", `${title} (${items.length})`)));
    for (const ch of items) {
      lines.push(`  ${paint(style, mark)} ${rich(ch.rich.message)}`);
      lines.push(`      ${rich(ch.rich.reason, "dim")}`);
    }
  };
  section("Breaking", breaking, "✗", "red");
  section("Not breaking", other, "✓", "green");
  return `${lines.join("\n")}\n`;
}

// --- markdown -------------------------------------------------------------

function formatMarkdown(diff: SchemaDiff): string {
  const md = (r: Rich) => r.map((p) => (typeof p === "string" ? mdPiece(p) : mdCode(p.code))).join("");
  const { breaking, other } = counts(diff);
  const out: string[] = ["## Schema changes", ""];
  out.push(`From ${mdCode(diff.old)} to ${mdCode(diff.new)}.`, "");
  if (diff.changes.length === 0) {
    out.push("No changes.", "");
    return out.join("\n");
  }
  out.push(
    `${plural(diff.changes.length, "change")}: ${breaking.length > 0 ? `**${breaking.length} breaking**` : "none breaking"}, ${other.length} not breaking.`,
    "",
  );
  const table = (title: string, items: SchemaChange[]) => {
    if (items.length === 0) return;
    out.push(`### ${title}`, "", "| where | change | why |", "| --- | --- | --- |");
    for (const ch of items) {
      const place =
        ch.definition === null
          ? ch.field === null
            ? "(root)"
            : `${mdCode(ch.field)} (root)`
          : mdCode(ch.field === null ? ch.definition : `${ch.definition}.${ch.field}`);
      out.push(`| ${place} | ${cell(md(ch.rich.short))} | ${cell(md(ch.rich.reason))} |`);
    }
    out.push("");
  };
  table(`Breaking (${breaking.length})`, breaking);
  table(`Not breaking (${other.length})`, other);
  return out.join("\n");
}

/** A piece of a sentence as Markdown text: escaped, with the spaces around it kept (mdText trims). */
function mdPiece(s: string): string {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(oneLine(s))!;
  return m[1]! + mdText(m[2]!) + m[3]!;
}

function cell(s: string): string {
  return s === "" ? " " : s;
}

// --- json -----------------------------------------------------------------

function formatJson(diff: SchemaDiff): string {
  const { breaking } = counts(diff);
  const changes = diff.changes.map((ch) => {
    const out: Record<string, unknown> = {
      definition: ch.definition,
      field: ch.field,
      kind: ch.kind,
      breaking: ch.breaking,
      message: ch.message,
      reason: ch.reason,
    };
    if (ch.from !== undefined) out.from = ch.from;
    if (ch.to !== undefined) out.to = ch.to;
    out.pointer = ch.pointer;
    return out;
  });
  return `${JSON.stringify({ old: diff.old, new: diff.new, summary: { changes: diff.changes.length, breaking: breaking.length }, changes }, null, 2)}\n`;
}
