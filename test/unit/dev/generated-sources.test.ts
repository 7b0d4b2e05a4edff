/**
 * The sources the build makes before it bundles (scripts/dev/generated-sources.ts): build.mjs knows the
 * same files (it is not current while one is missing); the `.generated.ts` ones are git-ignored and not in
 * git, config.schema.json is committed (editors read it from a checkout). Their contents are each compared
 * with their generator by its own test (config, meta-schemas, events-package).
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
// @ts-expect-error: the build is plain JavaScript, with no declarations.
import { GENERATED_SOURCES as BUILD_LIST } from "../../../scripts/dev/build.mjs";
import { GENERATED_SOURCES } from "../../../scripts/dev/generated-sources.js";
import { ROOT } from "../../helpers.js";

const git = (...args: string[]) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8" });

describe("the sources the build makes", () => {
  it("are the files build.mjs checks for", () => {
    expect([...(BUILD_LIST as string[])].sort()).toEqual(GENERATED_SOURCES.map((s) => s.file).sort());
  });

  it("are not in git, but for config.schema.json", () => {
    const made = GENERATED_SOURCES.map((s) => s.file).filter((file) => file.endsWith(".generated.ts"));
    expect(made.length).toBeGreaterThan(0);
    expect(git("ls-files", "--", ...made)).toBe("");
    expect(
      git("check-ignore", "--", ...made)
        .trim()
        .split("\n"),
    ).toEqual(made);
    expect(git("ls-files", "--", "config.schema.json")).toBe("config.schema.json\n");
  });
});
