/** The test helpers' ground: where things are, what a run returns, temporary folders, files written, a command run. */
import { execFile } from "node:child_process";
import { mkdtemp, rm, symlink, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export const CLI = join(ROOT, "dist/cli.js");

export const FIXTURES = join(ROOT, "test/fixtures");

export const SEED_PAGE = join(FIXTURES, "seed/backend.md");

export const MASTER_SCHEMA = join(ROOT, "schema/backend.schema.json");

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A fresh temporary folder, removed by the returned cleanup. */
export async function tempDir(prefix = "cws-docgen-"): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A fresh temporary folder whose node_modules is the project's: generated validators import ajv-formats from there, as a consumer's would. */
export async function tempDirWithModules(prefix?: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const t = await tempDir(prefix);
  await symlink(join(ROOT, "node_modules"), join(t.dir, "node_modules"), "dir");
  return t;
}

/** Runs a command (npm, an installed bin, node) with npm's environment, for the tests of installed packages. */
export function runCommand(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, maxBuffer: 64 * 1024 * 1024, env: npmEnv({ npm_config_update_notifier: "false", ...env }) },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

/**
 * The environment for a run of npm: the suite's, with NODE_EXTRA_CA_CERTS as it was before the
 * suite took it out (test/global-setup.ts: no other process the tests start talks TLS), since npm
 * may reach the registry.
 */
function npmEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const { CWS_DOCGEN_TEST_EXTRA_CA_CERTS: ca, ...env } = process.env;
  return { ...env, ...(ca !== undefined ? { NODE_EXTRA_CA_CERTS: ca } : {}), ...extra };
}

/** Writes each file (path relative to `dir`: content), making the folders on the way. */
export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), content);
  }
}

/** Not run from an npm script: the stale hint then names only the cws-docgen command. */
export const NO_NPM = { npm_lifecycle_event: "", npm_package_json: "" };
