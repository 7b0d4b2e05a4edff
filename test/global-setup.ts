/**
 * Before the tests: the CLI tests run the built CLI (dist/) as a subprocess, so
 * make sure it is current (esbuild, when a source changed). And the cache of a
 * run in a folder without a package.json goes to the user's cache folder: the
 * tests' runs get a temporary one (XDG_CACHE_HOME), removed at the end, so that
 * no test fills or reads the real ~/.cache.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export default function setup(): () => void {
  const root = fileURLToPath(new URL("..", import.meta.url));
  execFileSync(process.execPath, ["scripts/dev/build.mjs", "--if-stale"], { cwd: root, stdio: "inherit" });
  const cache = mkdtempSync(join(tmpdir(), "cws-docgen-test-cache-"));
  process.env.XDG_CACHE_HOME = cache;
  return () => rmSync(cache, { recursive: true, force: true });
}
