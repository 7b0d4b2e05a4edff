/**
 * Files and paths: reading inputs only from inside a folder (compared by real
 * paths), real paths of places that may not exist yet, file-system errors in
 * words, and paths as shown to the user.
 */
import { access, lstat, readFile, realpath, stat } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { DocgenError } from "./problems.js";

/** `-` as a path: stdin for the schema, stdout for one output. Kept as it is in a page's config. */
export const STDIO = "-";

/** The real path of a folder, or of its nearest existing parent followed by the rest. */
export async function realExisting(dir: string): Promise<string> {
  try {
    return await realpath(dir);
  } catch {
    const parent = dirname(dir);
    return parent === dir ? dir : join(await realExisting(parent), basename(dir));
  }
}

/**
 * The real path of `file` when it is inside the real path of `folder`; a
 * DocgenError otherwise. A symbolic link that leads nowhere gets the same
 * answer as one that leads outside, so that the answer says nothing about
 * what exists outside the folder.
 */
export async function confined(file: string, folder: string, folderName = "the schema's folder"): Promise<string> {
  const realFolder = await realpath(folder).catch(() => resolve(folder));
  const outside = () =>
    new DocgenError({
      file,
      message: `this file is a symbolic link, or is reached through one, that leads outside ${folderName} (${folder}) or nowhere; it was not read`,
      hint: `put the file itself (not a link to it) in ${folderName}, or a subfolder of it`,
    });
  let real: string;
  try {
    real = await realpath(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && code !== "ENOTDIR") throw err;
    // Missing: said so only when the way to it stays in the folder.
    const isLink = await lstat(file).then(
      (i) => i.isSymbolicLink(),
      () => false,
    );
    if (isLink || !isInside(realFolder, join(await realExisting(dirname(resolve(file))), basename(file)))) throw outside();
    throw err;
  }
  if (!isInside(realFolder, real)) throw outside();
  return real;
}

/** The error `readInputFile` throws for a file that is not a regular file. */
class NotRegularFile extends Error {
  readonly code = "ENOTREG";
  constructor(readonly file: string) {
    super("it is not a regular file (a device, a pipe or a socket?)");
  }
}

/**
 * Reads an input other than a schema (a template, a partial, the config): only
 * a regular file, never opened otherwise (a FIFO would hang the run, a device
 * never end); with `within`, only one whose real path is inside that folder.
 * Its text, as UTF-8. Errors: a DocgenError for a file outside; an fs error,
 * or NotRegularFile, for `describeFsError` to put in words.
 */
export async function readInputFile(file: string, within?: { folder: string; name: string }): Promise<string> {
  const real = within ? await confined(file, within.folder, within.name) : file;
  const info = await stat(real);
  if (info.isDirectory()) throw Object.assign(new Error("directory"), { code: "EISDIR" });
  if (!info.isFile()) throw new NotRegularFile(file);
  return readFile(real, "utf8");
}

export function isInside(folder: string, file: string): boolean {
  const rel = relative(folder, file);
  return rel !== "" && rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

export function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "it is a directory, not a file";
    case "ENOTREG":
      return "it is not a regular file (a device, a pipe or a socket?)";
    default:
      return e?.message ?? String(err);
  }
}

/** Whether a path exists (any kind of file). */
export async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** A command-line argument as it can be pasted into a POSIX shell. */
export function shellWord(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

/** A path as shown in messages: relative to the current folder (`cwd`) when inside it, else as it is. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const rel = relative(cwd, file);
  return rel === "" || rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? file : rel;
}

/**
 * The temporary file the write stage fills before renaming it over an output (`.NAME.tmp-PID-N`,
 * beside it), and back: the output's name and the writer's process of a name that is one.
 */
export function temporaryName(output: string, counter: number): string {
  return join(dirname(output), `.${basename(output)}.tmp-${process.pid}-${counter}`);
}
export function temporaryOf(name: string): { output: string; pid: number } | undefined {
  const m = /^\.(.+)\.tmp-(\d+)-\d+$/.exec(name);
  return m ? { output: m[1]!, pid: Number(m[2]) } : undefined;
}

/** A file an output stage makes: where it goes and what it holds (written by stage 12). */
export interface Output {
  file: string;
  content: string;
}
