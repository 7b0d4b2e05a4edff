/**
 * `npm run bench:validator` (its command, `benchValidatorCommand`, run briefly in this process) reports what it says
 * it reports.
 */
import { describe, expect, it } from "vitest";
import { benchValidatorCommand } from "../../../scripts/dev/bench-validator.js";

describe("bench:validator", () => {
  it("reports events per second of the generated validator, of Ajv compiling at run time, and the compile time", async () => {
    const result = JSON.parse(await benchValidatorCommand(["--runs", "1", "--ms", "20", "--json"]));
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
