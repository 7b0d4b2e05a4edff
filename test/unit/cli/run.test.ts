/**
 * The command line's `run` (scripts/cli/run.ts) in this process: it writes only through the io it is given,
 * returns the exit code and sets none, and lays its help out for the run's own terminal, not for whatever
 * process it runs in.
 */
import { describe, expect, it } from "vitest";
import { run } from "../../../scripts/cli/run.js";

async function runWith(argv: string[], columns?: { stdout?: number; stderr?: number }) {
  let stdout = "";
  let stderr = "";
  const before = process.exitCode;
  const end = await run(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), ...(columns ? { columns } : {}) });
  return { end, stdout, stderr, exitCodeSet: process.exitCode !== before };
}

describe("run", () => {
  it("returns the exit code and sets none on the process", async () => {
    const help = await runWith(["--help"]);
    expect(help.end.code).toBe(0);
    expect(help.stdout).toContain("Usage: cws-docgen");
    const bad = await runWith(["no-such-command"]);
    expect(bad.end.code).toBe(2);
    expect(bad.stderr).toMatch(/^cws-docgen: error: unknown command 'no-such-command'/);
    expect(help.exitCodeSet || bad.exitCodeSet).toBe(false);
  });

  it("lays the help out at 80 columns unless the run's terminal is given, whatever the process's stdout is", async () => {
    // The options' lines (the examples after them are not wrapped).
    const longest = (text: string) =>
      Math.max(
        ...text
          .split("\n")
          .filter((l) => /^ {2}-/.test(l))
          .map((l) => l.length),
      );
    const plain = await runWith(["generate", "--help"]);
    const eighty = await runWith(["generate", "--help"], { stdout: 80 });
    const wide = await runWith(["generate", "--help"], { stdout: 200 });
    expect(plain.stdout).toBe(eighty.stdout);
    expect(longest(plain.stdout)).toBeLessThanOrEqual(80);
    expect(longest(wide.stdout)).toBeGreaterThan(100);
  });
});
