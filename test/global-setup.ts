/**
 * Before the tests: the CLI tests run the built CLI (dist/) as a subprocess, so
 * make sure it is current (esbuild, when a source changed). And the cache of a
 * run in a folder without a package.json goes to the user's cache folder: the
 * tests' runs get a temporary one (XDG_CACHE_HOME), removed at the end, so that
 * no test fills or reads the real ~/.cache (nor ~/.local/state, the caches' secret). And no test may change the
 * repository's own files: their git status is the same after the run, or the
 * run fails. At the end it says how many Node processes the tests started.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** `git status` of what a test could write by mistake: the committed outputs, the docs, the examples, the sources. */
function status(root: string): string {
  try {
    return execFileSync(
      "git",
      ["status", "--porcelain", "--", "docs", "generated", "examples", "schema", "templates", "scripts", "test/fixtures"],
      {
        cwd: root,
        encoding: "utf8",
      },
    );
  } catch {
    return "(not a git checkout)";
  }
}

/** The lines of a file, none when it does not exist. */
function readLines(file: string): string[] {
  try {
    return readFileSync(file, "utf8").split("\n").filter(Boolean);
  } catch {
    return [];
  }
}

export default function setup(): () => void {
  const root = fileURLToPath(new URL("..", import.meta.url));
  execFileSync(process.execPath, ["scripts/dev/build.mjs", "--if-stale"], { cwd: root, stdio: "inherit" });
  const cache = mkdtempSync(join(tmpdir(), "cws-docgen-test-cache-"));
  process.env.XDG_CACHE_HOME = cache;
  // The per-user secret that seals the caches (core/private-files.ts) goes there too, not to ~/.local/state.
  process.env.XDG_STATE_HOME = join(cache, "state");
  // The CLIs the tests start run stages 10 and 11 in their main thread: the suite keeps both cores busy, where the
  // TypeScript thread saves no time and costs CPU. The tests that are about the thread ask for it
  // (CWS_DOCGEN_TS_THREAD=always: test/e2e/golden.test.ts, test/e2e/injection.test.ts, test/e2e/events-package.test.ts).
  process.env.CWS_DOCGEN_TS_THREAD ??= "never";
  // Node 20 reads and parses the file NODE_EXTRA_CA_CERTS names as each process starts, whether it
  // talks TLS or not: on this machine the system's bundle, a large part of a bare `node` start, paid by
  // each of the suite's processes. None of them talks TLS but npm, which may reach the registry: the variable is taken out for the suite
  // and given back to npm's runs (npmEnv in test/helpers/base.ts).
  const ca = process.env.NODE_EXTRA_CA_CERTS;
  if (ca !== undefined) {
    process.env.CWS_DOCGEN_TEST_EXTRA_CA_CERTS = ca;
    delete process.env.NODE_EXTRA_CA_CERTS;
  }
  // Every Node process the tests start is counted (test/process-count.cjs), worker threads once with their process.
  const log = join(cache, "processes.log");
  process.env.CWS_DOCGEN_TEST_PROCESS_LOG = log;
  const options = process.env.NODE_OPTIONS;
  process.env.NODE_OPTIONS = `${options ?? ""} --require ${JSON.stringify(join(root, "test/process-count.cjs"))}`.trim();
  const before = status(root);
  return () => {
    process.env.NODE_OPTIONS = options;
    if (options === undefined) delete process.env.NODE_OPTIONS;
    const started = new Set(readLines(log)).size;
    console.log(`the tests started ${started} Node processes`);
    if (ca !== undefined) process.env.NODE_EXTRA_CA_CERTS = ca;
    rmSync(cache, { recursive: true, force: true });
    const after = status(root);
    if (after !== before) throw new Error(`the tests changed the repository's files:\n${after}\n(before the run:\n${before})`);
  };
}
