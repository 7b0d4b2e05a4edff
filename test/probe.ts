/**
 * Loads generated modules the way a consumer does, in a Node process of their
 * own, and reports what loading them did: the globals they added, anything
 * they printed, and what their `validate` said of some instances. Each module
 * pair (types, validator) is transpiled by TypeScript and imported; the
 * validator is then called on every instance (JSON text, parsed in the child,
 * so a "__proto__" key is an own key as in any parsed event), and the globals
 * are compared again after those calls (a comment that closes early runs code
 * on each call, not on import).
 */
import { execFile } from "node:child_process";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import ts from "typescript";
import { ROOT } from "./helpers.js";

export interface ProbeCase {
  name: string;
  types: string;
  validator: string;
  /** Instances as JSON text. */
  instances: string[];
}

export interface ProbeResult {
  /** Globals present after the imports and calls, and not before. */
  addedGlobals: string[];
  /** The validator's answer for each instance; a thrown error as its message. */
  results: Record<string, (boolean | string)[]>;
  /** Own keys of the exported `schema`, found at the JSON pointers asked for. */
  exportsOf: Record<string, { types: string[]; validator: string[] }>;
  /** Everything the child wrote besides its one report line. */
  output: string;
}

const CHILD = String.raw`
const originalWrite = process.stdout.write.bind(process.stdout);
let output = "";
process.stdout.write = (chunk, ...rest) => { output += String(chunk); return true; };
process.stderr.write = (chunk, ...rest) => { output += String(chunk); return true; };
for (const k of ["log", "info", "warn", "error", "debug", "trace", "dir", "table"]) console[k] = (...a) => { output += a.map(String).join(" ") + "\n"; };
const before = new Set(Reflect.ownKeys(globalThis));
const { readFileSync } = await import("node:fs");
const cases = JSON.parse(readFileSync(process.argv[2], "utf8"));
const results = {};
const exportsOf = {};
for (const c of cases) {
  const types = await import(new URL(c.name + "/types.js", "file://" + process.argv[3] + "/").href);
  const v = await import(new URL(c.name + "/types.validator.js", "file://" + process.argv[3] + "/").href);
  exportsOf[c.name] = { types: Object.keys(types).sort(), validator: Object.keys(v).sort() };
  results[c.name] = c.instances.map((text) => {
    try { return v.validate(JSON.parse(text)) === true; } catch (e) { return "threw: " + (e && e.message); }
  });
}
const addedGlobals = Reflect.ownKeys(globalThis).filter((k) => !before.has(k)).map(String);
originalWrite(JSON.stringify({ addedGlobals, results, exportsOf, output }) + "\n");
`;

let probes = 0;

/** Transpiles and imports each case's modules under `dir` (which gets a node_modules link), in one child process. */
export async function probe(dir: string, cases: ProbeCase[]): Promise<ProbeResult> {
  const base = join(dir, `probe${probes++}`);
  await mkdir(base, { recursive: true });
  await symlink(join(ROOT, "node_modules"), join(base, "node_modules"), "dir");
  const options = { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } };
  for (const c of cases) {
    await mkdir(join(base, c.name), { recursive: true });
    await writeFile(join(base, c.name, "package.json"), '{"type": "module"}');
    await writeFile(join(base, c.name, "types.js"), ts.transpileModule(c.types, options).outputText);
    await writeFile(join(base, c.name, "types.validator.js"), ts.transpileModule(c.validator, options).outputText);
  }
  await writeFile(join(base, "child.mjs"), CHILD);
  await writeFile(join(base, "cases.json"), JSON.stringify(cases.map((c) => ({ name: c.name, instances: c.instances }))));
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(base, "child.mjs"), join(base, "cases.json"), base],
      { cwd: base, maxBuffer: 256 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`probe failed: ${err.message}\n${stderr}`));
        const lines = stdout.split("\n").filter(Boolean);
        const report = JSON.parse(lines[lines.length - 1]!) as ProbeResult;
        report.output += lines.slice(0, -1).join("\n") + stderr;
        resolve(report);
      },
    );
  });
}
