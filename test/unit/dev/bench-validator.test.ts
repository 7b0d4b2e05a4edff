/** `npm run bench:validator` runs (briefly here) and reports what it says it reports. */
import { execFile } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ROOT, join } from "../../helpers.js";

describe("bench:validator", () => {
  it("reports events per second of the generated validator, of Ajv compiling at run time, and the compile time", async () => {
    const stdout = await new Promise<string>((done, fail) =>
      execFile(
        process.execPath,
        [join(ROOT, "dist/dev/bench-validator.js"), "--runs", "1", "--ms", "20", "--json"],
        { cwd: ROOT },
        (err, out, errOut) => (err ? fail(new Error(errOut)) : done(out)),
      ),
    );
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ events: 6, runs: 1, msPerRun: 20 });
    expect(result.compileMs).toBeGreaterThan(0);
    expect(result.rows.map((r: { name: string }) => r.name)).toEqual([
      "generated (Ajv standalone, build time)",
      "Ajv compiled at run time",
      "validateBackendEvent (generated + errors as pointers)",
    ]);
    for (const r of result.rows) {
      expect(r.eventsPerSecond.valid).toBeGreaterThan(0);
      expect(r.eventsPerSecond.invalid).toBeGreaterThan(0);
    }
  });
});
