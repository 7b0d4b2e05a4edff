/**
 * Where a command finds its config: `--config`, or the first one found looking upward, up to the
 * repository's root, that no other user could have put there.
 */
import { lstat, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { describeFsError, displayPath, exists } from "../core/files.js";
import { writableByOthers } from "../core/private-files.js";
import { DocgenError } from "../core/problems.js";

export const CONFIG_FILE = "cws-docgen.config.json";

/**
 * The config file a command uses: `--config` (relative to the cwd), used as named; else the first
 * `cws-docgen.config.json` in the cwd or a folder above it, up to the repository's root (the first
 * folder, from the cwd up, that holds `.git`: a folder, or a file in a worktree or a submodule);
 * undefined when there is none. A config found so must be trusted (`refuseUntrusted`): a config
 * names the files a run reads and writes, and one above the repository, or one another user could
 * have put there, is not this repository's.
 */
export async function findConfig(o: { config?: string }, cwd = process.cwd()): Promise<string | undefined> {
  if (o.config) return resolve(cwd, o.config);
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const file = join(dir, CONFIG_FILE);
    if (await exists(file)) {
      await refuseUntrusted(file, cwd);
      return file;
    }
    if ((await exists(join(dir, ".git"))) || dirname(dir) === dir) return undefined;
  }
}

/**
 * A DocgenError (exit 2) for a config found by looking upward that another user could have put
 * there or could change: the file (or a link to it) or its folder owned by another user than the
 * one running (root included: root uses root's configs), or the folder writable by others: by
 * anyone (a /tmp-like folder, sticky or not) or by a group that is not the user's private one
 * (`writableByOthers`). Said rather than skipped, so that a config that is not used is never a
 * surprise. Where there are no user ids (Windows), nothing is checked.
 */
async function refuseUntrusted(file: string, cwd: string): Promise<void> {
  const uid = process.getuid?.();
  if (uid === undefined) return;
  const shown = displayPath(file, cwd);
  let why: string | undefined;
  try {
    const [link, target, folder] = await Promise.all([lstat(file), stat(file), stat(dirname(file))]);
    const owner = [link, target].find((i) => i.uid !== uid);
    why =
      owner !== undefined
        ? `it is owned by another user (uid ${owner.uid})`
        : folder.uid !== uid
          ? `its folder is owned by another user (uid ${folder.uid})`
          : writableByOthers(folder)
            ? `its folder can be written by other users (mode ${(folder.mode & 0o7777).toString(8)})`
            : undefined;
  } catch (err) {
    why = `it cannot be inspected: ${describeFsError(err)}`;
  }
  if (why === undefined) return;
  throw new DocgenError({
    file: shown,
    message: `found this config, but ${why}, so another user may have put it there or may change it; it was not used`,
    hint: `name it with --config ${shown} if you trust it (or make it and its folder yours: chown, chmod go-w)`,
  });
}
