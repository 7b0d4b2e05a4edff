/**
 * Schema evolution, present: a `SchemaDiff` as text for a terminal (colour only
 * when asked for), as Markdown for a pull-request comment or a changelog page,
 * or as JSON for tools.
 */
import { escapeInvisible } from "../core/invisible.js";
import { mdCode, mdText, oneLine } from "../core/markdown.js";
import { terminalLines } from "../core/problems.js";
import { paint as painted, type Style } from "../core/colors.js";
import type { SchemaChange, SchemaDiff } from "./changes.js";
import type { Rich } from "./rich-text.js";

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

function counts(diff: SchemaDiff): { breaking: SchemaChange[]; other: SchemaChange[] } {
  return { breaking: diff.changes.filter((c) => c.breaking), other: diff.changes.filter((c) => !c.breaking) };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * How many attribute changes of one kind the text and Markdown formats list in a
 * section: a field of a definition used in many places changes as many paths.
 * The rest are counted in one line; the JSON format lists every one.
 */
const MAX_ATTRIBUTE_CHANGES = 10;

/** The changes a section shows, and how many attribute changes of each kind it leaves out. */
function shown(items: SchemaChange[]): { items: SchemaChange[]; more: { kind: string; count: number }[] } {
  const seen = new Map<string, number>();
  const out: SchemaChange[] = [];
  for (const ch of items) {
    if (ch.attribute) {
      const n = (seen.get(ch.kind) ?? 0) + 1;
      seen.set(ch.kind, n);
      if (n > MAX_ATTRIBUTE_CHANGES) continue;
    }
    out.push(ch);
  }
  const more = [...seen].filter(([, n]) => n > MAX_ATTRIBUTE_CHANGES).map(([kind, n]) => ({ kind, count: n - MAX_ATTRIBUTE_CHANGES }));
  return { items: out, more };
}

/** `and 3 more attribute paths removed`. */
function moreText(more: { kind: string; count: number }): string {
  return `and ${plural(more.count, "more attribute path", "more attribute paths")} ${more.kind === "attribute-removed" ? "removed" : "added"} (--format json lists every one)`;
}

// --- text ---------------------------------------------------------------

function formatText(diff: SchemaDiff, color: boolean): string {
  const paint = (style: Style, s: string) => (color ? painted(style, s) : s);
  // Schema text on one line, with no CI command in it: the colours are ours alone, so the CLI writes this text as it is.
  const shownText = (s: string) => terminalLines(oneLine(s));
  const rich = (r: Rich, base?: Style) =>
    r
      .map((p) => (typeof p === "string" ? (base ? paint(base, shownText(p)) : shownText(p)) : paint("cyan", `\`${shownText(p.code)}\``)))
      .join("");
  const { breaking, other } = counts(diff);
  const lines: string[] = [paint("bold", `Schema changes from ${shownText(diff.old)} to ${shownText(diff.new)}`)];
  if (diff.changes.length === 0) {
    lines.push("no changes");
    for (const note of diff.notes ?? []) lines.push(paint("yellow", `note: ${shownText(note)}`));
    return `${lines.join("\n")}\n`;
  }
  lines.push(
    `${plural(diff.changes.length, "change")}: ${breaking.length > 0 ? paint("red", `${breaking.length} breaking`) : "0 breaking"}, ${other.length} not breaking`,
  );
  const section = (title: string, items: SchemaChange[], mark: string, style: Style) => {
    if (items.length === 0) return;
    lines.push("", paint(style, paint("bold", `${title} (${items.length})`)));
    const { items: listed, more } = shown(items);
    for (const ch of listed) {
      lines.push(`  ${paint(style, mark)} ${rich(ch.rich.message)}`);
      lines.push(`      ${rich(ch.rich.reason, "dim")}`);
    }
    for (const m of more) lines.push(`  ${paint(style, mark)} ${moreText(m)}`);
  };
  section("Breaking", breaking, "✗", "red");
  section("Not breaking", other, "✓", "green");
  for (const note of diff.notes ?? []) lines.push("", paint("yellow", `note: ${shownText(note)}`));
  return `${lines.join("\n")}\n`;
}

// --- markdown -------------------------------------------------------------

function formatMarkdown(diff: SchemaDiff): string {
  const md = (r: Rich) => r.map((p) => (typeof p === "string" ? mdPiece(p) : mdCode(p.code))).join("");
  const { breaking, other } = counts(diff);
  const out: string[] = ["## Schema changes", ""];
  out.push(`From ${mdCode(diff.old)} to ${mdCode(diff.new)}.`, "");
  const notes = (diff.notes ?? []).flatMap((note) => [`Note: ${mdText(oneLine(note))}.`, ""]);
  if (diff.changes.length === 0) {
    out.push("No changes.", "", ...notes);
    return out.join("\n");
  }
  out.push(
    `${plural(diff.changes.length, "change")}: ${breaking.length > 0 ? `**${breaking.length} breaking**` : "none breaking"}, ${other.length} not breaking.`,
    "",
  );
  const table = (title: string, items: SchemaChange[]) => {
    if (items.length === 0) return;
    out.push(`### ${title}`, "", "| where | change | why |", "| --- | --- | --- |");
    const { items: listed, more } = shown(items);
    for (const ch of listed) {
      const place = ch.attribute
        ? `${mdCode(ch.attribute.marked)}${ch.attribute.branches ? ` (${mdText(ch.attribute.branches.join(" / "))})` : ""}`
        : ch.definition === null
          ? ch.field === null
            ? "(root)"
            : `${mdCode(ch.field)} (root)`
          : mdCode(ch.field === null ? ch.definition : `${ch.definition}.${ch.field}`);
      out.push(`| ${place} | ${cell(md(ch.rich.short))} | ${cell(md(ch.rich.reason))} |`);
    }
    out.push("");
    for (const m of more) out.push(`${mdText(moreText(m)).replace(/^and/, "And")}.`, "");
  };
  table(`Breaking (${breaking.length})`, breaking);
  table(`Not breaking (${other.length})`, other);
  out.push(...notes);
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
    if (ch.attribute) out.attribute = ch.attribute;
    return out;
  });
  const summary = { changes: diff.changes.length, breaking: breaking.length };
  // JSON.stringify leaves U+2028/2029 and the bidirectional controls raw: written \uXXXX as well, the same value.
  const json = JSON.stringify({ old: diff.old, new: diff.new, summary, changes, ...(diff.notes ? { notes: diff.notes } : {}) }, null, 2);
  return `${escapeInvisible(json)}\n`;
}
