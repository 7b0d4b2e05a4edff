/**
 * Stage 7, write: put the outputs on disk, atomically and only when they changed.
 *
 * Every changed output is first written in full to a temporary file next to its
 * target; only when all of them are written are they renamed into place (a
 * rename within a folder is atomic). A run that fails before that point removes
 * its temporary files and leaves every earlier output as it was. A run that is
 * killed cannot clean up: the next run removes the temporary files of processes
 * that are gone.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { DocgenError } from "./errors.js";
import { describeFsError } from "./load.js";

export interface Output {
  file: string;
  content: string;
}

export interface WriteResult {
  file: string;
  changed: boolean;
}

/** The current content of a file, or undefined when there is none. */
export async function readCurrent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw new DocgenError({ file, message: `cannot read the current output: ${describeFsError(err)}` });
  }
}

export async function writeOutputs(outputs: readonly Output[]): Promise<WriteResult[]> {
  const results: WriteResult[] = [];
  const staged: { tmp: string; file: string }[] = [];
  try {
    for (const out of outputs) {
      await removeStaleTemporaries(out.file);
      const changed = (await readCurrent(out.file)) !== out.content;
      results.push({ file: out.file, changed });
      if (!changed) continue;
      const tmp = join(dirname(out.file), `.${basename(out.file)}.tmp-${process.pid}-${staged.length}`);
      try {
        await mkdir(dirname(out.file), { recursive: true });
        await writeFile(tmp, out.content, { flag: "wx" });
      } catch (err) {
        throw new DocgenError({ file: out.file, message: `cannot write the output: ${describeFsError(err)}`, hint: "check that its folder exists or can be created, and is writable; no output was changed" });
      }
      staged.push({ tmp, file: out.file });
    }
  } catch (err) {
    await Promise.all(staged.map((s) => rm(s.tmp, { force: true })));
    throw err;
  }
  for (const s of staged) {
    try {
      await rename(s.tmp, s.file);
    } catch (err) {
      await Promise.all(staged.map((t) => rm(t.tmp, { force: true })));
      throw new DocgenError({ file: s.file, message: `cannot replace the output: ${describeFsError(err)}` });
    }
  }
  return results;
}

/** Removes `.NAME.tmp-PID-N` files next to `file` left by a process that no longer runs. */
async function removeStaleTemporaries(file: string): Promise<void> {
  const prefix = `.${basename(file)}.tmp-`;
  const names = await readdir(dirname(file)).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)-\d+$/.exec(name.slice(prefix.length))?.[1]);
    if (!pid || pid === process.pid || isRunning(pid)) continue;
    await rm(join(dirname(file), name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, under another user.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
