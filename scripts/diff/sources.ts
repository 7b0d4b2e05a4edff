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
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, posix, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dereferenceSchema } from "../stages/02-dereference.js";
import type { DiffInput } from "./compare.js";
import { DocgenError, type Problem } from "../core/problems.js";
import { loadSchema } from "../stages/01-load.js";
import { parseJsonText } from "../core/json-text.js";
import { walkSchemas } from "../core/schema-walk.js";
import { exists } from "../core/files.js";

/** Reads and resolves the schema a spec names. */
export async function readSchemaSource(spec: string, maxBytes?: number): Promise<DiffInput> {
  const revision = parseRevision(spec);
  if (revision === undefined || (await exists(spec))) {
    return { label: spec, resolved: await dereferenceSchema(await loadSchema(spec, maxBytes), maxBytes) };
  }
  return readFromGit(spec, revision.rev, revision.path, process.cwd(), maxBytes);
}

/** `REV:PATH`, or undefined when the spec cannot be one. */
export function parseRevision(spec: string): { rev: string; path: string } | undefined {
  const colon = spec.indexOf(":");
  if (colon <= 0 || colon === spec.length - 1) return undefined;
  // A Windows drive (C:\schema.json) is a path, not a revision.
  if (/^[A-Za-z]:[\\/]/.test(spec)) return undefined;
  return { rev: spec.slice(0, colon), path: spec.slice(colon + 1) };
}

async function readFromGit(spec: string, rev: string, path: string, cwd: string, maxBytes?: number): Promise<DiffInput> {
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
  const type = (await git(["cat-file", "-t", `${rev}:${rootRel}`], cwd, spec)).toString("utf8").trim();
  if (type !== "blob") {
    throw new DocgenError({
      file: spec,
      message: `this is a ${type === "tree" ? "folder" : type} in git, not a file`,
      hint: "name the schema file itself, e.g. main:schema/backend.schema.json",
    });
  }
  const tmp = await mkdtemp(join(tmpdir(), "cws-docgen-diff-"));
  try {
    const rootPath = join(tmp, ...rootRel.split("/"));
    const rootText = await git(["show", "--no-textconv", `${rev}:${rootRel}`], cwd, spec);
    await place(rootPath, rootText);
    await fetchReferenced(rootPath, rootText, tmp, rev, cwd);
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

/**
 * Reads, from the same revision, every local file the schema refers to (and the
 * files those refer to), inside the schema's folder. A file that is missing at
 * that revision is left out: the dereference stage reports it, with its place.
 */
async function fetchReferenced(rootPath: string, rootText: Buffer, tmp: string, rev: string, cwd: string): Promise<void> {
  const folder = dirname(rootPath);
  const done = new Set([rootPath]);
  const queue: { file: string; text: Buffer }[] = [{ file: rootPath, text: rootText }];
  while (queue.length > 0) {
    const { file, text } = queue.shift()!;
    let value: unknown;
    try {
      value = JSON.parse(text.toString("utf8").replace(/^\uFEFF/, ""));
    } catch {
      continue; // the load stage reports it
    }
    const targets: string[] = [];
    walkSchemas(value, ({ schema }) => {
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
      targets.push(target);
    });
    for (const target of targets) {
      const repoPath = relative(tmp, target).split(sep).join("/");
      let content: Buffer;
      try {
        content = await git(["show", "--no-textconv", `${rev}:${repoPath}`], cwd, `${rev}:${repoPath}`);
      } catch {
        continue;
      }
      await place(target, content);
      queue.push({ file: target, text: content });
    }
  }
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

/** Runs git in the given folder and returns what it printed; its failure is a DocgenError about the spec. */
function git(args: string[], cwd: string, spec: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile("git", args, { cwd, maxBuffer: 256 * 1024 * 1024, encoding: "buffer" }, (err, stdout, stderrBytes) => {
      const stderr = stderrBytes.toString("utf8");
      if (!err) return resolve(stdout);
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT") {
        return reject(
          new DocgenError({
            file: spec,
            message: "no such file, and git (needed to read a revision) is not installed",
            hint: "install git, or give the schema as a file",
          }),
        );
      }
      const said =
        stderr
          .split("\n")
          .find((l) => l.trim() !== "")
          ?.replace(/^fatal: /, "") ?? err.message;
      reject(
        new DocgenError({
          file: spec,
          message: `no such file, and git cannot read it as a revision: ${said}`,
          hint: "give a schema file, or a revision and a path in the repository of the current folder, like main:schema/backend.schema.json or HEAD~1:schema/backend.schema.json",
        }),
      );
    });
  });
}
