/** The `test-files` region (guides/development.md): every test file and what it tests, from the comment it opens with. */
import { readdirSync, readFileSync } from "node:fs";
import { join, sep } from "node:path";
import { PACKAGE_ROOT } from "../../core/package-root.js";
import { cell, code } from "./markdown.js";

/** Every test file (each `*.test.ts` under test/, relative to the root) and the first paragraph of the comment it opens with; one without that comment throws. */
export function testFiles(): { file: string; about: string }[] {
  const files = readdirSync(join(PACKAGE_ROOT, "test"), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".test.ts") && !f.split(sep).includes("fixtures"))
    .map((f) => `test/${f.split(sep).join("/")}`)
    .sort();
  return files.map((file) => {
    // After any triple-slash directives (`/// <reference lib="dom" />`).
    const opening = /^(?:\/\/\/[^\n]*\n)*\/\*\*([\s\S]*?)\*\//.exec(readFileSync(join(PACKAGE_ROOT, file), "utf8"));
    if (!opening) throw new Error(`${file} does not open with a /** comment that says what it tests`);
    const text = opening[1]!.replace(/^[ \t]*\* ?/gm, "").trim();
    return { file, about: text.split(/\n\s*\n/)[0]!.replace(/\s+/g, " ") };
  });
}

/** The region: how many test files, and a table of them. */
export function testFilesTable(): string {
  const files = testFiles();
  const rows = files.map(({ file, about }) => `| ${code(file)} | ${cell(about)} |`);
  return [`${files.length} test files:`, "", "| file | what it tests |", "| --- | --- |", ...rows].join("\n");
}
