/** The Markdown the regions share: table cells, code spans and fenced blocks that show source text as it is. */
import { escapeInvisible } from "../../core/invisible.js";

/** A table cell: one line, every `|` not yet escaped escaped (GFM splits cells on it even inside code spans). */
export function cell(markdown: string): string {
  return markdown.replace(/\s+/g, " ").replace(/(\\*)\|/g, (m, slashes: string) => (slashes.length % 2 === 0 ? `${slashes}\\|` : m));
}

/** A code span for trusted source text (a type), with a fence longer than any backtick run in it. */
export function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * A fenced code block that shows `text` and nothing else: invisible characters and
 * carriage returns as `\u` escapes, and a fence longer than any run of backticks in it.
 */
export function fencedBlock(text: string, info = "text"): string {
  const shown = escapeInvisible(text).replace(/\r/g, "\\u000d");
  const longest = Math.max(0, ...(shown.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${shown}\n${fence}`;
}
