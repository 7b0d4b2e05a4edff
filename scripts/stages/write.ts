/**
 * Stage 12, write: put the outputs on disk, all or nothing, and only those that changed.
 *
 * Before anything is written, every output is inspected (`inspectOutputs`):
 * - an existing output that is not a regular file (a folder, a FIFO, a device,
 *   a socket) is refused, without being opened;
 * - an output that is the same file (device and inode) as a file the run reads
 *   (the schema and its files, the template and its partials, the config) is refused;
 * - two outputs of the run that are the same file, or the same path, are refused;
 * - a symbolic link is followed: its target is the output, and stays a link's target.
 *
 * Then, the commit (`writeOutputs`):
 * 1. stage: every changed output is written in full to a temporary file next to
 *    its target (`.NAME.tmp-PID-N`), and every existing one it replaces is kept
 *    as a hard link (or, where hard links fail, a copy) next to it;
 * 2. rename each temporary file over its target (a rename within a folder is atomic);
 * 3. when a rename fails, put back every output already replaced, from its kept
 *    copy, and report the failure: the outputs are all as they were.
 * SIGINT and SIGTERM that arrive while the run stages abort it (nothing is
 * replaced); those that arrive during the renames are held until the renames
 * are done. Either way every temporary file is removed, and the caller gets an
 * `Interrupted` error saying which. A process that is killed outright (SIGKILL,
 * power loss) cannot clean up: each output is still either its old or its new
 * bytes, and the next run removes the temporary files of processes that are gone.
 */
import { unlinkSync, type Stats } from "node:fs";
import { link, lstat, mkdir, readdir, readFile, readlink, rename, rm, stat, writeFile, chmod } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { DocgenError, type Problem } from "../core/problems.js";
import { describeFsError, displayPath, type Output } from "../core/files.js";
import { realExisting, temporaryName, temporaryOf } from "../core/files.js";

export interface WriteResult {
  file: string;
  changed: boolean;
}

export interface WriteOptions {
  /**
   * The files the run read (schema files, template, partials, config). An output
   * that is one of them (same device and inode, whatever the path) is refused.
   */
  inputs?: readonly string[];
  /**
   * A hook for tests: called just before each rename of the commit, with the
   * rename's position (0, 1, …, in the order of the outputs that changed) and
   * the path it replaces. Whatever it does to the disk (say, put a non-empty
   * folder where that output goes) the rename then meets for real.
   */
  beforeRename?: (position: number, target: string) => void | Promise<void>;
}

/** One output, inspected: where it really goes and what is there now. */
export interface InspectedOutput {
  output: Output;
  /** The path the output is written to: symbolic links followed, folders' real paths. */
  target: string;
  /** The current bytes at the target, or undefined when there is no file. */
  current: Uint8Array | undefined;
  changed: boolean;
  /** The mode of the current file, kept by its replacement. */
  mode: number | undefined;
}

/** The signals held off during the commit. */
export type HeldSignal = "SIGINT" | "SIGTERM";

/** The run was stopped by a signal; `committed` says whether every output had been replaced by then. */
export class Interrupted extends Error {
  constructor(
    readonly signal: HeldSignal,
    readonly committed: boolean,
  ) {
    super(committed ? `interrupted by ${signal} after every output was written` : `interrupted by ${signal}; no output was changed`);
    this.name = "Interrupted";
  }
}

const SIGNALS: HeldSignal[] = ["SIGINT", "SIGTERM"];

/** A counter for temporary names, unique within this process. */
let tmpCounter = 0;

/**
 * Checks every output against the inputs and against each other (see the top of
 * this file), and reads what is on disk now (unless `readCurrent` is false). Writes nothing; throws a DocgenError
 * listing every problem.
 */
export async function inspectOutputs(
  outputs: readonly Output[],
  inputs: readonly string[] = [],
  options: { readCurrent?: boolean } = {},
): Promise<InspectedOutput[]> {
  const problems: Problem[] = [];
  const inputIds = new Map<string, string>();
  for (const input of inputs) {
    const info = await stat(input).catch(() => undefined);
    if (info && !inputIds.has(idOf(info))) inputIds.set(idOf(info), input);
  }
  const seen = new Map<string, string>();
  const result: InspectedOutput[] = [];
  for (const output of outputs) {
    const file = output.file;
    const info = await statOutput(file).catch((err: unknown) => {
      problems.push(...(err as DocgenError).problems);
      return null;
    });
    if (info === null) continue;
    const target = await targetOf(file);
    if (target === undefined) {
      problems.push({
        file: displayPath(file),
        message: "the output is a file descriptor of this process (like /dev/stdout), not a file; nothing was written",
        hint: "give the path of a regular file; to send the page or the types to stdout, give --docs-out - or --types-out -",
      });
      continue;
    }
    const keys = [`path:${target}`, ...(info ? [idOf(info)] : [])];
    const other = keys.map((k) => seen.get(k)).find((o) => o !== undefined);
    if (other !== undefined) {
      problems.push({
        file: displayPath(file),
        message: `${other === file ? "this output is named twice" : `this output is the same file as the output ${displayPath(other)}`}; one would overwrite the other, so nothing was written`,
        hint: "give each output (--docs-out, --types-out, --validator-out, or a page's docs, types and validator) a path of its own",
      });
      continue;
    }
    for (const k of keys) seen.set(k, file);
    const input = info ? inputIds.get(idOf(info)) : undefined;
    if (input !== undefined) {
      problems.push({
        file: displayPath(file),
        message: `this output is the same file as the input ${displayPath(input)}; writing it would destroy that input, so nothing was written`,
        hint: "give the output a path that is not the schema, a file it refers to, the template, a partial or the config",
      });
      continue;
    }
    let current: Uint8Array | undefined;
    // Checking paths only (before a build): what the outputs hold now is read later, once.
    if (info && options.readCurrent !== false) {
      try {
        current = await readFile(target);
      } catch (err) {
        problems.push({
          file: displayPath(file),
          message: `cannot read the current output: ${describeFsError(err)}`,
          hint: "nothing was written",
        });
        continue;
      }
    }
    result.push({
      output,
      target,
      current,
      changed: current === undefined || !Buffer.from(output.content, "utf8").equals(current),
      mode: info ? info.mode & 0o7777 : undefined,
    });
  }
  if (problems.length > 0) throw new DocgenError(problems);
  return result;
}

/**
 * Writes every output that changed, all or nothing (see the top of this file).
 * Throws a DocgenError when an output is refused or cannot be written (nothing
 * changed then), and `Interrupted` when SIGINT or SIGTERM came during the write.
 */
export async function writeOutputs(outputs: readonly Output[], options: WriteOptions = {}): Promise<WriteResult[]> {
  const guard = new SignalGuard();
  // Every temporary file this run made and has not yet renamed away or removed.
  const temporaries = new Set<string>();
  const removeAllSync = () => {
    for (const t of temporaries) {
      try {
        unlinkSync(t);
      } catch {
        /* already gone */
      }
    }
  };
  process.on("exit", removeAllSync);
  try {
    const inspected = await inspectOutputs(outputs, options.inputs);
    const changed = inspected.filter((o) => o.changed);
    const staged: { item: InspectedOutput; tmp: string; backup?: string }[] = [];
    const tmpName = (target: string) => temporaryName(target, tmpCounter++);

    // What killed runs left next to any output (changed or not) goes first.
    for (const item of inspected) await removeStaleTemporaries(item.target);
    // 1. Stage.
    for (const item of changed) {
      guard.stopIfCaught(false);
      const tmp = tmpName(item.target);
      try {
        await mkdir(dirname(item.target), { recursive: true });
        temporaries.add(tmp);
        await writeFile(tmp, item.output.content, { flag: "wx" });
        if (item.mode !== undefined) await chmod(tmp, item.mode);
      } catch (err) {
        throw new DocgenError({
          file: displayPath(item.output.file),
          message: `cannot write the output: ${describeFsError(err)}`,
          hint: "check that its folder exists or can be created, and is writable; no output was changed",
        });
      }
      const entry: (typeof staged)[number] = { item, tmp };
      if (item.current !== undefined) {
        const backup = tmpName(item.target);
        temporaries.add(backup);
        try {
          await link(item.target, backup);
        } catch {
          try {
            await writeFile(backup, item.current, { flag: "wx" });
            if (item.mode !== undefined) await chmod(backup, item.mode);
          } catch (err) {
            throw new DocgenError({
              file: displayPath(item.output.file),
              message: `cannot keep a copy of the current output next to it: ${describeFsError(err)}`,
              hint: "check that its folder is writable and has room; no output was changed",
            });
          }
        }
        entry.backup = backup;
      }
      staged.push(entry);
    }
    guard.stopIfCaught(false);

    // 2. Commit: from here on, a signal waits for the end.
    const replaced: (typeof staged)[number][] = [];
    for (const [position, s] of staged.entries()) {
      try {
        await options.beforeRename?.(position, s.item.target);
        await rename(s.tmp, s.item.target);
      } catch (err) {
        // 3. Put back what was replaced.
        const notRestored = await restore(replaced, temporaries);
        throw new DocgenError({
          file: displayPath(s.item.output.file),
          message: `cannot replace the output: ${describeFsError(err)}`,
          hint:
            notRestored.length === 0
              ? `no output was changed${replaced.length > 0 ? ` (the ${replaced.length} already replaced were put back)` : ""}`
              : `${notRestored.map((n) => `${displayPath(n.file)} could not be put back (its earlier content is in ${displayPath(n.backup)})`).join("; ")}; the other outputs are as they were`,
        });
      }
      temporaries.delete(s.tmp);
      replaced.push(s);
    }
    guard.stopIfCaught(true);
    return inspected.map((o) => ({ file: o.output.file, changed: o.changed }));
  } finally {
    await Promise.all([...temporaries].map((t) => rm(t, { force: true }).then(() => temporaries.delete(t))));
    process.off("exit", removeAllSync);
    guard.dispose();
  }
}

/** Puts back the outputs already replaced, last first; returns those that could not be. */
async function restore(
  replaced: { item: InspectedOutput; backup?: string }[],
  temporaries: Set<string>,
): Promise<{ file: string; backup: string }[]> {
  const failed: { file: string; backup: string }[] = [];
  for (const r of [...replaced].reverse()) {
    try {
      if (r.backup !== undefined) {
        await rename(r.backup, r.item.target);
        temporaries.delete(r.backup);
      } else {
        await rm(r.item.target, { force: true });
      }
    } catch {
      if (r.backup !== undefined) {
        // Kept, for the user to put back.
        temporaries.delete(r.backup);
        failed.push({ file: r.item.output.file, backup: r.backup });
      } else {
        failed.push({ file: r.item.output.file, backup: "(none: it did not exist before)" });
      }
    }
  }
  return failed;
}

/**
 * Catches SIGINT and SIGTERM while installed. Before the commit, a caught signal
 * stops the write at the next step; during it, the signal waits for the end.
 * When someone else also listens to the signal (the bin does while a `generate --watch`
 * runs: run.ts), it is theirs to act on, and the write goes on.
 */
class SignalGuard {
  caught: HeldSignal | undefined;
  private ours = false;
  private readonly handler = (signal: HeldSignal) => {
    if (this.caught) return;
    if (process.listenerCount(signal) > 1) return;
    this.caught = signal;
    this.ours = true;
  };
  constructor() {
    for (const s of SIGNALS) process.on(s, this.handler);
  }
  stopIfCaught(committed: boolean): void {
    if (this.caught && this.ours) throw new Interrupted(this.caught, committed);
  }
  dispose(): void {
    for (const s of SIGNALS) process.off(s, this.handler);
  }
}

/** The output's current file (symbolic links followed): undefined when there is none; a DocgenError when it is not a regular file. */
async function statOutput(file: string): Promise<Stats | undefined> {
  let info: Stats;
  try {
    info = await stat(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw new DocgenError({
      file: displayPath(file),
      message: `cannot inspect the output: ${describeFsError(err)}`,
      hint: "nothing was written",
    });
  }
  if (info.isFile()) return info;
  throw new DocgenError({
    file: displayPath(file),
    message: `the output is ${kindOf(info)}, not a regular file; it was not opened, and nothing was written`,
    hint: "give the path of a regular file, or of one that does not exist yet",
  });
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return "a folder";
  if (info.isFIFO()) return "a FIFO (named pipe)";
  if (info.isCharacterDevice()) return "a character device";
  if (info.isBlockDevice()) return "a block device";
  if (info.isSocket()) return "a socket";
  return "not a regular file";
}

function idOf(info: Stats): string {
  return `${info.dev}:${info.ino}`;
}

/**
 * Where writing `file` lands: symbolic links at the end followed (a dangling
 * one too, so the file is created where it points), and the folder by its real
 * path as far as it exists. Undefined when the path leads to one of the
 * process's file descriptors (`/dev/stdout` → `/proc/self/fd/1`): replacing
 * whatever file that is would not write to the descriptor.
 */
async function targetOf(file: string): Promise<string | undefined> {
  let path = resolve(file);
  for (let hops = 0; hops < 40; hops++) {
    path = join(await realExisting(dirname(path)), basename(path));
    if (/^\/(proc\/[^/]+\/fd|dev\/fd)\//.test(path)) return undefined;
    let info: Stats;
    try {
      info = await lstat(path);
    } catch {
      return path;
    }
    if (!info.isSymbolicLink()) return path;
    const to = await readlink(path);
    path = isAbsolute(to) ? to : resolve(dirname(path), to);
  }
  return path;
}

/** Removes `.NAME.tmp-PID-N` files next to `file` left by a process that no longer runs. */
async function removeStaleTemporaries(file: string): Promise<void> {
  const names = await readdir(dirname(file)).catch(() => [] as string[]);
  for (const name of names) {
    const temporary = temporaryOf(name);
    if (temporary?.output !== basename(file)) continue;
    const pid = temporary.pid;
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
