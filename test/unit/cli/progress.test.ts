/**
 * The progress line: after 2 s of building, on a terminal only, the page and
 * the stage, rewritten in place and erased at the end.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PROGRESS_AFTER_MS, progressLine } from "../../../scripts/cli/progress.js";
import { CLI, runCli, tempDir, writeFiles } from "../../helpers.js";
import { execFile } from "node:child_process";

function terminal(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => written.push(text) };
}

describe("progress line", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("says nothing for a build shorter than 2 s, and nothing at all when stderr is not a terminal", () => {
    const tty = terminal(true);
    const p = progressLine(tty)!;
    p.onStage("backend", "load");
    vi.advanceTimersByTime(PROGRESS_AFTER_MS - 1);
    p.onStage("backend", "lint");
    p.stop();
    vi.advanceTimersByTime(10_000);
    expect(tty.written).toEqual([]);
    expect(progressLine(terminal(false))).toBeUndefined();
  });

  it("after 2 s shows the page, its place and the stage, follows each stage in place, and erases itself", () => {
    const tty = terminal(true);
    const p = progressLine(tty)!;
    p.onStage("linux", "load", { index: 0, count: 2 });
    p.onStage("linux", "lint", { index: 0, count: 2 });
    expect(tty.written).toEqual([]);
    vi.advanceTimersByTime(PROGRESS_AFTER_MS);
    p.onStage("windows", "types", { index: 1, count: 2 });
    p.onStage("2 pages", "write");
    p.stop();
    expect(tty.written).toEqual([
      "\r\x1b[2Kcws-docgen: linux (page 1 of 2): lint, stage 8 of 13",
      "\r\x1b[2Kcws-docgen: windows (page 2 of 2): types, stage 9 of 13",
      "\r\x1b[2Kcws-docgen: 2 pages: write, stage 13 of 13",
      "\r\x1b[2K",
    ]);
  });

  it("writes a page name's control characters as escapes, never raw to the terminal", () => {
    const tty = terminal(true);
    const p = progressLine(tty)!;
    p.onStage("evil\x1b]0;title\x07\u202e", "model");
    vi.advanceTimersByTime(PROGRESS_AFTER_MS);
    p.stop();
    expect(tty.written[0]).toBe("\r\x1b[2Kcws-docgen: evil\\u001b]0;title\\u0007\\u202e: model, stage 5 of 13");
  });
});

describe("progress line through the CLI", () => {
  it("piped stderr (scripts, CI) gets nothing but the result; in a pseudo-terminal a quick build shows no line", async () => {
    const { dir, cleanup } = await tempDir();
    try {
      await writeFiles(dir, { "s.json": JSON.stringify({ type: "object", properties: { a: { type: "string" } } }) });
      const args = ["generate", "--no-cache", "--schema", "s.json", "--docs-out", "p.md", "--types-out", "t.ts"];
      const piped = await runCli(args, { cwd: dir });
      expect(piped.code).toBe(0);
      expect(piped.stderr).toBe("");
      // util-linux `script` runs the CLI on a pseudo-terminal: stderr is a TTY there.
      const command = [process.execPath, CLI, ...args].map((a) => `'${a}'`).join(" ");
      const start = performance.now();
      const out = await new Promise<string>((done, fail) =>
        execFile("script", ["-qec", command, "/dev/null"], { cwd: dir }, (err, stdout) => (err ? fail(err) : done(stdout))),
      );
      const result = "unchanged p.md\nunchanged t.ts\nunchanged t.validator.ts\n";
      // A build that ran past PROGRESS_AFTER_MS (a loaded machine) shows the line, and erases it before the result.
      if (performance.now() - start < PROGRESS_AFTER_MS) expect(out.replace(/\r/g, "")).toBe(result);
      else
        expect(
          out
            .replace(/\r/g, "")
            .replace(/\x1b\[\d*m/g, "")
            .replace(/\x1b\[2K(cws-docgen: [^\x1b\n]*\x1b\[2K)?/g, ""),
        ).toBe(result);
    } finally {
      await cleanup();
    }
  });
});
