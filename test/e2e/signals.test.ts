/**
 * SIGINT and SIGTERM during a write, through the real CLI: a config of 24 pages
 * (72 outputs), its builds served by the cache so that the run is mostly the
 * write, and a signal sent at each kind of moment: on the first temporary file
 * (the staging), on the first rename (the commit), and at a plain delay from the
 * start. Each moment is met by one of the two signals, and each signal by a moment
 * of its own (the two take the same path).
 *
 * Whatever the moment, once the process has ended: every output is its old
 * bytes, or every output is its new bytes (never a mix); no temporary file is
 * left; the process ended by the signal it got (or, when it came too late to
 * matter, exited 0 with every output new). No timing is asserted: every moment
 * the signal can land at is an accepted outcome as long as those hold.
 */
import { spawn } from "node:child_process";
import { watch } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, builtPackage, inFolder, join, tempDir, writeFiles } from "../helpers.js";

const PAGES = 24;
const SIGNAL_NUMBER = { SIGINT: 2, SIGTERM: 15 } as const;

let tmp: { dir: string; cleanup: () => Promise<void> };
let env: NodeJS.ProcessEnv;
const names: string[] = [];
const fresh = new Map<string, string>();
const old = (name: string) => `the ${name} of the last good run\n`;

beforeAll(async () => {
  tmp = await tempDir("cws-docgen-signals-");
  env = { CWS_DOCGEN_CACHE_DIR: join(tmp.dir, ".cache") };
  const pages = Array.from({ length: PAGES }, (_, i) => ({
    name: `p${i}`,
    schema: "schema.json",
    docs: `out/p${i}.md`,
    types: `out/p${i}.ts`,
  }));
  await writeFiles(tmp.dir, {
    "schema.json": JSON.stringify({
      type: "object",
      properties: { a: { type: "string", description: "A field" }, b: { $ref: "#/definitions/B" } },
      definitions: { B: { type: "object", properties: { c: { type: "integer" } } } },
    }),
    "cws-docgen.config.json": JSON.stringify({ pages }),
  });
  // One good build by the built package, in this process: the new outputs, and a cache that serves every page from
  // now on (its entries are the bundle's, which the CLI's runs look up; the sources would fill entries of their own).
  const built = await inFolder(tmp.dir, env, () => builtPackage().generate());
  expect(built.written.every((w) => w.changed)).toBe(true);
  for (const name of (await readdir(join(tmp.dir, "out"))).sort()) {
    names.push(name);
    fresh.set(name, await readFile(join(tmp.dir, "out", name), "utf8"));
  }
  expect(names).toHaveLength(PAGES * 3);
}, 300_000);
afterAll(() => tmp?.cleanup());

type Trigger = { kind: "first-temporary" | "first-rename"; after: number } | { kind: "start"; after: number };

/** Puts the old outputs back, runs generate, and sends `signal` at the moment `trigger` says. */
async function runWithSignal(
  signal: NodeJS.Signals,
  trigger: Trigger,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; sent: boolean }> {
  const out = join(tmp.dir, "out");
  for (const name of names) await writeFile(join(out, name), old(name));
  return new Promise((resolve) => {
    let sent = false;
    let timer: NodeJS.Timeout | undefined;
    const send = () => {
      if (timer || sent) return;
      timer = setTimeout(() => {
        sent = child.exitCode === null && child.signalCode === null && child.kill(signal);
      }, trigger.after);
    };
    const watcher = watch(out, (_event, file) => {
      if (!file) return;
      const isTemporary = /\.tmp-\d+-\d+$/.test(file);
      if (trigger.kind === "first-temporary" && isTemporary) send();
      // A rename onto an output: the commit has begun.
      if (trigger.kind === "first-rename" && !isTemporary && names.includes(file)) send();
    });
    const child = spawn(process.execPath, [CLI, "generate"], {
      cwd: tmp.dir,
      env: { ...process.env, ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    if (trigger.kind === "start") send();
    child.on("close", (code, sig) => {
      watcher.close();
      clearTimeout(timer);
      resolve({ code, signal: sig, stderr, sent });
    });
  });
}

describe("SIGINT and SIGTERM during generate: all outputs old or all new, never a temporary file left", () => {
  const triggers: Record<"SIGINT" | "SIGTERM", Trigger[]> = {
    SIGINT: [
      { kind: "first-temporary", after: 0 },
      { kind: "start", after: 150 },
    ],
    SIGTERM: [{ kind: "first-rename", after: 0 }],
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`${signal} at ${triggers[signal].length} moments`, async () => {
      const outcomes: string[] = [];
      for (const trigger of triggers[signal]) {
        const at = `${signal} at ${trigger.kind} + ${trigger.after} ms`;
        const r = await runWithSignal(signal, trigger);
        const left = (await readdir(join(tmp.dir, "out"))).sort();
        expect(left, `${at}: only the outputs, no temporary file`).toEqual(names);
        const contents = await Promise.all(names.map((n) => readFile(join(tmp.dir, "out", n), "utf8")));
        const allOld = contents.every((c, i) => c === old(names[i]!));
        const allNew = contents.every((c, i) => c === fresh.get(names[i]!));
        expect(
          allOld || allNew,
          `${at}: every output old or every output new (${contents.filter((c, i) => c === fresh.get(names[i]!)).length} of ${names.length} new)`,
        ).toBe(true);
        const bySignal = r.signal === signal || r.code === 128 + SIGNAL_NUMBER[signal];
        if (allOld) {
          expect(bySignal, `${at}: old outputs, so the run was stopped by the signal (code ${r.code}, signal ${r.signal})`).toBe(true);
        } else {
          expect(bySignal || (r.code === 0 && r.signal === null), `${at}: code ${r.code}, signal ${r.signal}`).toBe(true);
        }
        expect(r.stderr, at).not.toMatch(/\n\s+at |internal error|EPIPE/);
        // What it says, when it says anything, matches what it did.
        if (r.stderr !== "") {
          expect(r.stderr, at).toBe(
            allNew
              ? `cws-docgen: interrupted by ${signal} after every output was written\n`
              : `cws-docgen: interrupted by ${signal}; no output was changed\n`,
          );
        }
        outcomes.push(`${at}: ${allNew ? "all new" : "all old"}, ${r.signal ?? `exit ${r.code}`}${r.stderr ? " (held)" : ""}`);
      }
      // For the record (the moments depend on the machine; every outcome above is a correct one).
      console.log(outcomes.join("\n"));
    }, 300_000);
  }
});
