/**
 * The progress line: after 2 s of building, on a terminal only, the page and
 * the stage, rewritten in place and erased at the end.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PROGRESS_AFTER_MS, progressLine } from "../../../scripts/cli/progress.js";
import { runInProcess, tempDir, writeFiles } from "../../helpers.js";

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

describe("progress line through the command line's run", () => {
  it("piped stderr (scripts, CI) gets nothing but the result; on a terminal a quick build shows no line", async () => {
    const { dir, cleanup } = await tempDir();
    try {
      await writeFiles(dir, { "s.json": JSON.stringify({ type: "object", properties: { a: { type: "string" } } }) });
      const args = ["generate", "--no-cache", "--schema", "s.json", "--docs-out", "p.md", "--types-out", "t.ts"];
      const pipe = terminal(false);
      const piped = await runInProcess(args, { cwd: dir, progress: pipe });
      expect(piped.code).toBe(0);
      expect(piped.stderr).toBe("");
      expect(pipe.written).toEqual([]);
      // stderr a terminal: the progress line would go there, after PROGRESS_AFTER_MS.
      const tty = terminal(true);
      const start = performance.now();
      const onTerminal = await runInProcess(args, { cwd: dir, progress: tty });
      expect(onTerminal).toEqual({ code: 0, stdout: "unchanged p.md\nunchanged t.ts\nunchanged t.validator.ts\n", stderr: "" });
      // A build that ran past PROGRESS_AFTER_MS (a loaded machine) may show the line, and then erases it at the end.
      if (performance.now() - start < PROGRESS_AFTER_MS) expect(tty.written).toEqual([]);
      else if (tty.written.length > 0) {
        expect(
          tty.written.slice(0, -1).every((line) => line.startsWith("\r\x1b[2Kcws-docgen: ")),
          tty.written.join("\n"),
        ).toBe(true);
        expect(tty.written.at(-1)).toBe("\r\x1b[2K");
      }
    } finally {
      await cleanup();
    }
  });
});
