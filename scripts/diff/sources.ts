/**
 * Where `cws-docgen diff` reads a schema from: a file, or a git revision
 * (`main:schema/backend.schema.json`, `HEAD~1:schema/backend.schema.json`).
 *
 * A spec that names an existing file is that file. Otherwise `REV:PATH` is read
 * with `git show` in the repository of the current folder; PATH is relative to
 * the top of the repository, or to the current folder when it starts with `./`
 * or `../` (as git itself reads it). A schema split over several files works
 * from a revision too: every local file it refers to is read from the same
 * revision, into a private temporary folder, and then goes through the same
 * load and dereference stages (and the same policy) as files on disk.
 *
 * Sizes are held to `--max-schema-size` as files on disk are: each blob's size
 * is asked of git (`git cat-file -s`) before it is read, and a blob over the
 * limit, or one that takes the schema's files together past it, is refused
 * with the message a file gets, unread. What git prints is read only up to the
 * limit, in case a blob comes out bigger than git said.
 */
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, posix, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dereferenceSchema } from "../stages/dereference.js";
import type { DiffInput } from "./changes.js";
import { DocgenError, pointerOf, type Problem } from "../core/problems.js";
import { loadSchema, MAX_SCHEMA_BYTES, tooBig } from "../stages/load.js";
import { parseJsonText } from "../core/json-text.js";
import { walkSchemas, type Path } from "../core/schema-walk.js";
import { exists } from "../core/files.js";

/** What to give diff instead of a spec it cannot read: a file, or a revision and a path. */
const DIFF_ARGUMENTS_HINT =
  "give a schema file, or a revision and a path in the repository of the current folder, like main:schema/backend.schema.json or HEAD~1:schema/backend.schema.json";

/** Reads and resolves the schema a spec names. */
export async function readSchemaSource(spec: string, maxBytes = MAX_SCHEMA_BYTES): Promise<DiffInput> {
  const revision = parseRevision(spec);
  if (revision === undefined || (await exists(spec))) {
    // The hint names diff's own arguments: diff has no --schema and reads no config.
    const loaded = await loadSchema(spec, maxBytes, undefined, DIFF_ARGUMENTS_HINT);
    return { label: spec, resolved: await dereferenceSchema(loaded, maxBytes) };
  }
  return readFromGit(spec, revision.rev, revision.path, process.cwd(), maxBytes);
}

/** `REV:PATH`, or undefined when the spec cannot be one. */
function parseRevision(spec: string): { rev: string; path: string } | undefined {
  const colon = spec.indexOf(":");
  if (colon <= 0 || colon === spec.length - 1) return undefined;
  // A Windows drive (C:\schema.json) is a path, not a revision.
  if (/^[A-Za-z]:[\\/]/.test(spec)) return undefined;
  return { rev: spec.slice(0, colon), path: spec.slice(colon + 1) };
}

async function readFromGit(spec: string, rev: string, path: string, cwd: string, maxBytes: number): Promise<DiffInput> {
  const prefix = (await git(["rev-parse", "--show-prefix"], cwd, spec)).toString("utf8").trim();
  // Where the file is, relative to the top of the repository.
  const rootRel = path.startsWith("./") || path.startsWith("../") ? posix.normalize(posix.join(prefix, path)) : posix.normalize(path);
  if (rootRel.startsWith("../")) {
    throw new DocgenError({
      file: spec,
      message: "this path leads outside the git repository",
      hint: "name a file inside the repository of the current folder",
    });
  }
  const type = (await git(["cat-file", "-t", `${rev}:${rootRel}`], cwd, spec).catch((err) => explained(err, rev, rootRel, cwd, spec)))
    .toString("utf8")
    .trim();
  if (type !== "blob") {
    throw new DocgenError({
      file: spec,
      message: `this is a ${type === "tree" ? "folder" : type} in git, not a file`,
      hint: "name the schema file itself, e.g. main:schema/backend.schema.json",
    });
  }
  const size = await blobSize(`${rev}:${rootRel}`, cwd, spec);
  if (size > maxBytes) throw tooBig(spec, size, maxBytes);
  const tmp = await mkdtemp(join(tmpdir(), "cws-docgen-diff-"));
  try {
    const rootPath = join(tmp, ...rootRel.split("/"));
    const rootText = await readBlob(`${rev}:${rootRel}`, cwd, spec, maxBytes);
    await place(rootPath, rootText);
    await fetchReferenced({ file: rootPath, text: rootText, shown: spec }, { tmp, rev, cwd, maxBytes });
    try {
      const loaded = parseJsonText(rootPath, rootText);
      return { label: spec, resolved: await dereferenceSchema(loaded, maxBytes) };
    } catch (err) {
      throw renamed(err, tmp, rev);
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Where a revision's files are read from and put, and how much they may weigh together. */
interface GitRead {
  tmp: string;
  rev: string;
  cwd: string;
  maxBytes: number;
}

/**
 * Reads, from the same revision, every local file the schema refers to (and the
 * files those refer to), inside the schema's folder. A file that is missing at
 * that revision is left out: the dereference stage reports it, with its place.
 * Each file's size is asked of git first: one over the limit by itself is
 * refused as the dereference stage refuses such a file on disk (with the place
 * of the `$ref` that leads to it), and the files together over the limit as the
 * dereference stage refuses them, each time before the file is read.
 */
async function fetchReferenced(root: { file: string; text: Buffer; shown: string }, from: GitRead): Promise<void> {
  const { tmp, rev, cwd, maxBytes } = from;
  const folder = dirname(root.file);
  const done = new Set([root.file]);
  const queue: { file: string; text: Buffer; shown: string }[] = [root];
  let total = root.text.length;
  while (queue.length > 0) {
    const { file, text, shown } = queue.shift()!;
    let value: unknown;
    try {
      value = JSON.parse(text.toString("utf8").replace(/^\uFEFF/, ""));
    } catch {
      continue; // the load stage reports it
    }
    const targets: { target: string; path: Path }[] = [];
    walkSchemas(value, ({ schema, path }) => {
      if (typeof schema.$ref !== "string" || schema.$ref.startsWith("#")) return;
      let url: URL;
      try {
        url = new URL(schema.$ref, pathToFileURL(file));
      } catch {
        return;
      }
      if (url.protocol !== "file:") return;
      url.hash = "";
      const target = fileURLToPath(url);
      const rel = relative(folder, target);
      if (rel === "" || rel.startsWith("..") || done.has(target)) return;
      done.add(target);
      targets.push({ target, path });
    });
    for (const { target, path } of targets) {
      const object = `${rev}:${relative(tmp, target).split(sep).join("/")}`;
      let size: number;
      try {
        size = await blobSize(object, cwd, object);
      } catch {
        continue;
      }
      if (size > maxBytes) {
        const [problem] = tooBig(object, size, maxBytes).problems;
        throw new DocgenError({
          ...problem!,
          message: `${problem!.message} (referenced from ${shown} at ${pointerOf([...path, "$ref"])})`,
        });
      }
      total += size;
      if (total > maxBytes)
        throw tooBig(root.shown, total, maxBytes, `the schema and the files it refers to (${done.size} so far) add up to`);
      const content = await readBlob(object, cwd, object, maxBytes);
      await place(target, content);
      queue.push({ file: target, text: content, shown: object });
    }
  }
}

/** The size in bytes of a blob (`REV:PATH`), as git stores it; a failure is git's, about `spec`. */
async function blobSize(object: string, cwd: string, spec: string): Promise<number> {
  return Number((await git(["cat-file", "-s", object], cwd, spec)).toString("utf8").trim());
}

/** A blob's bytes, read no further than `maxBytes`: past them, the read stops and the schema is refused. */
function readBlob(object: string, cwd: string, spec: string, maxBytes: number): Promise<Buffer> {
  return git(["show", "--no-textconv", object], cwd, spec, {
    bytes: maxBytes,
    error: (read) => tooBig(spec, read, maxBytes, "the schema is more than"),
  });
}

async function place(file: string, text: Buffer): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
}

/** Problems about files in the temporary folder name them as `REV:path` instead. */
function renamed(err: unknown, tmp: string, rev: string): unknown {
  if (!(err instanceof DocgenError)) return err;
  const fix = (text: string): string => text.split(tmp + sep).join(`${rev}:`);
  return new DocgenError(
    err.problems.map((p): Problem => ({ ...p, file: fix(p.file), message: fix(p.message), ...(p.hint ? { hint: fix(p.hint) } : {}) })),
  );
}

/** The most git may print for a command that is not a blob's read (a revision, a type, a size). */
const GIT_ANSWER_BYTES = 64 * 1024;

/**
 * Runs git in the given folder and returns what it printed, read no further
 * than `limit.bytes`: past them git is stopped and `limit.error` is thrown.
 * Git's own failure is a DocgenError about the spec.
 */
function git(
  args: string[],
  cwd: string,
  spec: string,
  limit: { bytes: number; error: (read: number) => DocgenError } = {
    bytes: GIT_ANSWER_BYTES,
    error: () => new DocgenError({ file: spec, message: `git printed more than ${GIT_ANSWER_BYTES} bytes for \`git ${args[0]}\`` }),
  },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let read = 0;
    let over: DocgenError | undefined;
    child.stdout.on("data", (chunk: Buffer) => {
      if (over) return;
      read += chunk.length;
      if (read > limit.bytes) {
        over = limit.error(read);
        out.length = 0;
        child.kill();
        return;
      }
      out.push(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      if (err.reduce((n, b) => n + b.length, 0) < GIT_ANSWER_BYTES) err.push(chunk);
    });
    child.on("error", (e: NodeJS.ErrnoException) => reject(e.code === "ENOENT" ? noGit(spec) : gitFailed(spec, e.message)));
    child.on("close", (code) => {
      if (over) return reject(over);
      if (code === 0) return resolve(Buffer.concat(out));
      // Git's own words, passed on: its first line of error, and its hints (`hint: Did you mean …?`).
      const lines = Buffer.concat(err)
        .toString("utf8")
        .split("\n")
        .filter((l) => l.trim() !== "");
      const said = lines.find((l) => !l.startsWith("hint: "))?.replace(/^(fatal|error): /, "");
      const hints = lines.filter((l) => l.startsWith("hint: ")).map((l) => l.slice("hint: ".length).trim());
      reject(gitFailed(spec, said ?? `git ${args[0]} ended with code ${code}`, hints.join(" ")));
    });
  });
}

function noGit(spec: string): DocgenError {
  return new DocgenError({
    file: spec,
    message: "no such file, and git (needed to read a revision) is not installed",
    hint: "install git, or give the schema as a file",
  });
}

/** A spec that is no file and that git cannot read; git's hint, when it gave one, is the hint. */
function gitFailed(spec: string, said: string, gitHint = ""): DocgenError {
  return new DocgenError({
    file: spec,
    message: `no such file, and git cannot read it as a revision: ${said}`,
    hint: gitHint ? `git: ${gitHint}` : DIFF_ARGUMENTS_HINT,
  });
}

/**
 * `git cat-file` says only "does not exist" for a path it cannot find; `git rev-parse` says why
 * (`path 'schema/x.json' exists, but not 'x.json'`, the path being relative to the repository's
 * top, not to the current folder) with a hint (`Did you mean 'main:schema/x.json' aka
 * 'main:./x.json'?`). Asked only once cat-file has failed; its error is thrown when it has one.
 */
async function explained(err: unknown, rev: string, rootRel: string, cwd: string, spec: string): Promise<never> {
  await git(["rev-parse", "--end-of-options", `${rev}:${rootRel}`], cwd, spec);
  throw err;
}
