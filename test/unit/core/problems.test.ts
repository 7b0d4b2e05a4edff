/**
 * Text on its way to a terminal or a CI log (core/problems.ts): `printable` for one piece of input
 * text, `terminalLines` for whole lines, `formatProblem` for every message. The CLI's own runs with
 * hostile names are in test/printable-cli.test.ts.
 */
import { describe, expect, it } from "vitest";
import { DocgenError, errorReport, formatProblem, printable, terminalLines } from "../../../scripts/core/problems.js";

const ESC_TITLE = "\u001b]0;title\u0007";

describe("printable", () => {
  it("writes controls, line breaks, bidirectional overrides and lone surrogates as \\uXXXX", () => {
    expect(printable(`a${ESC_TITLE}\n\r\t\u202e\u2028\ud800b`)).toBe("a\\u001b]0;title\\u0007\\u000a\\u000d\\u0009\\u202e\\u2028\\ud800b");
  });

  it("leaves ordinary text, and its own escapes, as they are", () => {
    expect(printable("schema/backend.schema.json é 😀 \\u001b")).toBe("schema/backend.schema.json é 😀 \\u001b");
  });
});

describe("terminalLines", () => {
  it("keeps line feeds and tabs, escapes the rest of what drives a terminal", () => {
    expect(terminalLines(`a\tb\n${ESC_TITLE}\u202ec\r\n`)).toBe("a\tb\n\\u001b]0;title\\u0007\\u202ec\\u000d\n");
  });

  it("starts no line with a GitHub Actions workflow command, even after blanks", () => {
    const out = terminalLines("::error::forged\n  ::add-mask::x\n\t::stop-commands::t\n+::error::diff line\n");
    expect(out).toBe("\\u003a:error::forged\n  \\u003a:add-mask::x\n\t\\u003a:stop-commands::t\n+::error::diff line\n");
    for (const line of out.split("\n")) expect(line.trimStart().startsWith("::")).toBe(false);
  });

  it("leaves no older runner command, ##[ or ##vso[, anywhere in a line", () => {
    expect(terminalLines("##[error]x\n ##[group]y\nsee ##vso[task.setvariable variable=a]b and ##[add-mask]c\n## heading #[x]\n")).toBe(
      "\\u0023#[error]x\n \\u0023#[group]y\nsee \\u0023#vso[task.setvariable variable=a]b and \\u0023#[add-mask]c\n## heading #[x]\n",
    );
  });

  it("changes nothing in ordinary output", () => {
    const text = "wrote docs/backend.md\ncws-docgen: error: x.json:1:2: bad\n  hint: fix it\n@@ -1,2 +1,2 @@\n-a\n+b\n c: d\n";
    expect(terminalLines(text)).toBe(text);
  });
});

describe("messages", () => {
  it("show the file, the message and the hint of a problem printable, each on its own line", () => {
    const shown = formatProblem({
      file: `${ESC_TITLE}\n::error::forged.json`,
      message: `no definition "${ESC_TITLE}\u202e"\n::add-mask::x`,
      hint: "a\n::stop-commands::b",
    });
    expect(shown.split("\n")).toEqual([
      '\\u001b]0;title\\u0007\\u000a::error::forged.json: no definition "\\u001b]0;title\\u0007\\u202e"\\u000a::add-mask::x',
      "  hint: a\\u000a::stop-commands::b",
    ]);
  });

  it("show an internal error's message on one printable line", () => {
    const report = errorReport(new Error(`cannot read ${ESC_TITLE}\n::error::x`));
    expect(report.split("\n")[0]).toBe("cws-docgen: internal error: cannot read \\u001b]0;title\\u0007\\u000a::error::x");
  });

  it("keep a DocgenError's text (the programmatic API's) printable too", () => {
    expect(new DocgenError({ file: `a${ESC_TITLE}`, message: "m\u202e" }).message).toBe("a\\u001b]0;title\\u0007: m\\u202e");
  });
});
