/**
 * Stage 2, dereference: find every `$ref`, load the local files they point into
 * with @apidevtools/json-schema-ref-parser, and check that each one resolves.
 *
 * Policy: only regular files inside the root schema's folder are read. A `$ref`
 * to http(s) or any other scheme, or to a path outside that folder, is refused
 * before anything is fetched: ref-parser's own file and http resolvers are off,
 * and the only resolver it has is ours, which serves files we loaded ourselves.
 * "Inside" is checked twice: on the path as written, then on the real path
 * (symbolic links resolved) just before the file is read, so a link in the
 * folder to a file outside it is refused without reading that file.
 */
import { dirname, relative, resolve as resolvePath, sep, isAbsolute } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { DocgenError, pointerOf, pointerToken, pointerTokens, type Problem } from "../core/problems.js";
import { closest } from "../core/similar.js";
import { loadSchema, MAX_SCHEMA_BYTES, tooBig, type LoadedSchema } from "./load.js";
import { positionOf } from "../core/json-position.js";
import { describeValue as describe, safeDecode, walkSchemas, getAtPointer, type Path } from "../core/schema-walk.js";
import { displayPath } from "../core/files.js";

export interface RefUse {
  /** Absolute path of the file the `$ref` is written in. */
  file: string;
  /** Where in that file (pointer to the object holding `$ref`). */
  path: Path;
  /** The `$ref` string as written. */
  ref: string;
  /** What it points to: an absolute file path and a JSON pointer in it. */
  target: { file: string; pointer: string };
}

export interface ResolvedSchema {
  /** The root schema file, loaded. */
  root: LoadedSchema;
  /** The root file's absolute path: its key in `files`, and the file a `$ref` target names when it is in the root file. */
  rootFile: string;
  /** Every file involved, root first, by absolute path. */
  files: Map<string, LoadedSchema>;
  /** Every `$ref` in every file, in walk order (root file first). */
  refs: RefUse[];
  /** Resolves a `$ref` written in `file` to its target (no I/O). */
  targetOf(ref: string, file: string): Readonly<{ file: string; pointer: string }>;
  /** The whole schema as one document: other files' parts moved in, every `$ref` internal (cycles stay `$ref`s). */
  bundled(): Promise<unknown>;
}

/**
 * `$ref` targets, each worked out once per file and reference: the later stages follow the same few
 * `$ref`s a great many times, and resolving one is mostly URL parsing.
 */
function refTargets(): ResolvedSchema["targetOf"] {
  const targets = new Map<string, Readonly<{ file: string; pointer: string }>>();
  return (ref, file) => {
    const key = `${file}\0${ref}`;
    let target = targets.get(key);
    if (target === undefined) {
      const url = new URL(ref, pathToFileURL(file));
      const hash = url.hash;
      url.hash = "";
      const pointer = hash.length > 1 ? safeDecode(hash.slice(1)) : "";
      target = Object.freeze({ file: url.protocol === "file:" ? fileURLToPath(url) : url.href, pointer });
      targets.set(key, target);
    }
    return target;
  };
}

/** A `$ref` written in `file`: the reference and its target, or why it is refused (not a string, not a URI, remote, outside `folder`). */
function checkRef(
  ref: unknown,
  file: string,
  folder: string,
  targetOf: ResolvedSchema["targetOf"],
): { ref: string; target: { file: string; pointer: string } } | { message: string; hint?: string } {
  if (typeof ref !== "string")
    return {
      message: `"$ref" must be a string, not ${describe(ref)}`,
      hint: 'write it as "#/definitions/Name" or "other.json#/definitions/Name"',
    };
  let target: { file: string; pointer: string };
  try {
    target = targetOf(ref, file);
  } catch {
    return { message: `"$ref" ${JSON.stringify(ref)} is not a valid URI reference` };
  }
  if (!isAbsolute(target.file) || (/^[a-z][a-z0-9+.-]*:/i.test(ref) && !ref.startsWith("file:")))
    return {
      message: `"$ref" ${JSON.stringify(ref)} points to a remote resource; remote references are refused and nothing was fetched`,
      hint: "copy that schema into the schema's folder and refer to it by a relative path",
    };
  const rel = relative(folder, target.file);
  if (rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel))
    return {
      message: `"$ref" ${JSON.stringify(ref)} points outside the schema's folder (${folder}); it was not read`,
      hint: "move the referenced file into the schema's folder (or a subfolder of it)",
    };
  return { ref, target };
}

/** The `$ref`s whose pointer leads nowhere in their target file (a file that could not be read was reported already). */
function danglingRefs(files: Map<string, LoadedSchema>, refs: RefUse[], shownAs: (file: string) => string): Problem[] {
  const problems: Problem[] = [];
  for (const use of refs) {
    const target = files.get(use.target.file);
    if (!target) continue;
    if (getAtPointer(target.value, use.target.pointer) === undefined) {
      const pointer = pointerOf([...use.path, "$ref"]);
      problems.push({
        file: shownAs(use.file),
        ...positionOf(files.get(use.file)!, pointer),
        pointer,
        message: `"$ref" ${JSON.stringify(use.ref)} points nowhere: ${shownAs(use.target.file)} has nothing at ${use.target.pointer || "/"}`,
        hint: didYouMean(use.ref, target.value, use.target.pointer) ?? "fix the name in the $ref, or add the missing definition",
      });
    }
  }
  return problems;
}

export async function dereferenceSchema(root: LoadedSchema, maxBytes = MAX_SCHEMA_BYTES): Promise<ResolvedSchema> {
  const rootPath = resolvePath(root.file);
  /** A file as messages show it: the root as the user gave it, the others relative to the current folder. */
  const shownAs = (file: string): string => (file === rootPath ? root.file : displayPath(file));
  const folder = dirname(rootPath);
  const files = new Map<string, LoadedSchema>([[rootPath, root]]);
  const queued = new Set([rootPath]);
  const refs: RefUse[] = [];
  const problems: Problem[] = [];

  const targetOf = refTargets();

  // Collect every $ref, file by file, following references into other local files.
  const queue = [rootPath];
  let bytes = Buffer.byteLength(root.text);
  while (queue.length > 0) {
    const file = queue.shift()!;
    let loaded = files.get(file);
    if (!loaded) {
      try {
        loaded = await loadSchema(
          file,
          maxBytes,
          folder,
          "fix the file's path in the $ref (relative to the file that holds it), or add the file",
        );
        files.set(file, loaded);
      } catch (err) {
        if (!(err instanceof DocgenError)) throw err;
        const use = refs.find((r) => r.target.file === file)!;
        for (const p of err.problems) {
          problems.push({
            ...p,
            file: shownAs(file),
            message: `${p.message} (referenced from ${shownAs(use.file)} at ${pointerOf([...use.path, "$ref"])})`,
          });
        }
        continue;
      }
      bytes += Buffer.byteLength(loaded.text);
      if (bytes > maxBytes)
        throw tooBig(root.file, bytes, maxBytes, `the schema and the files it refers to (${files.size} so far) add up to`);
    }
    const shown = shownAs(file);
    walkSchemas(loaded.value, ({ schema, path }) => {
      if (!("$ref" in schema)) return;
      const ref = schema.$ref;
      // Where the $ref is: worked out only for a problem (a position lookup scans the text).
      const at = () => {
        const pointer = pointerOf([...path, "$ref"]);
        return { file: shown, ...positionOf(loaded, pointer), pointer };
      };
      const checked = checkRef(ref, file, folder, targetOf);
      if ("message" in checked) {
        problems.push({ ...at(), ...checked });
        return;
      }
      const { target } = checked;
      refs.push({ file, path, ref: checked.ref, target });
      if (!queued.has(target.file)) {
        queued.add(target.file);
        queue.push(target.file);
      }
    });
  }
  if (problems.length > 0) throw new DocgenError(problems);

  const dangling = danglingRefs(files, refs, shownAs);
  if (dangling.length > 0) throw new DocgenError(dangling);

  let bundled: Promise<unknown> | undefined;
  return {
    root,
    rootFile: rootPath,
    files,
    refs,
    targetOf,
    // One file whose every $ref is a local pointer is its own bundle: json-schema-ref-parser would
    // only copy it (and misreads a backslash in a pointer as a Windows path separator).
    bundled: () =>
      (bundled ??=
        files.size === 1 && refs.every((r) => r.ref.startsWith("#"))
          ? Promise.resolve(structuredClone(root.value))
          : bundleWithRefParser(rootPath, files, refs)),
  };
}

/**
 * Bundles the loaded files with json-schema-ref-parser. Its built-in resolvers are
 * switched off; ours only serves files that passed the policy checks above.
 * Its parsers are switched off too: they choose by the file's extension (a
 * `.md` or `.txt` target would be read as a string), where every other stage
 * reads a `$ref` target as JSON whatever its name. Ours hands it the value the
 * load stage parsed, so that every stage sees one value per file.
 */
async function bundleWithRefParser(rootPath: string, files: Map<string, LoadedSchema>, refs: readonly RefUse[]): Promise<unknown> {
  const { default: $RefParser } = await import("@apidevtools/json-schema-ref-parser");
  const parser = new $RefParser();
  const rootValue = structuredClone(files.get(rootPath)!.value) as object;
  // json-schema-ref-parser leaves a relative $ref from another file back into the root file
  // unresolved when bundling (two files whose definitions refer to each other): such refs
  // reach it as absolute file URLs, which it does resolve. None survives in its output (checked below).
  const served = new Map<string, unknown>();
  for (const [file, loaded] of files) {
    if (file === rootPath) continue;
    const back = refs.filter((r) => r.file === file && r.target.file === rootPath);
    if (back.length === 0) continue;
    const value = structuredClone(loaded.value);
    for (const use of back)
      (getAtPointer(value, pointerOf(use.path)) as Record<string, unknown>).$ref = new URL(use.ref, pathToFileURL(file)).href;
    served.set(file, value);
  }
  const pathOf = (url: string) => (url.startsWith("file:") ? fileURLToPath(url) : resolvePath(url));
  const run = parser.bundle(rootPath, rootValue, {
    resolve: {
      file: false,
      http: false,
      local: {
        order: 1,
        canRead: true,
        read: (info: { url: string }) => {
          const loaded = files.get(pathOf(info.url));
          if (!loaded) throw new Error(`cws-docgen: refusing to read ${info.url}`);
          return loaded.text;
        },
      },
    },
    parse: {
      json: false,
      yaml: false,
      text: false,
      binary: false,
      loaded: {
        order: 1,
        canParse: true,
        // A copy each time: json-schema-ref-parser changes what it is given, the loaded values are every stage's,
        // and it may read one file under two names (a path, a file URL): one object under both never ends its bundle.
        parse: (info: { url: string }) => {
          const path = pathOf(info.url);
          return structuredClone(served.has(path) ? served.get(path) : files.get(path)!.value);
        },
      },
    },
  });
  // Every $ref was checked above, so a failure here is json-schema-ref-parser's own limit.
  const limit = (what: string) =>
    new DocgenError({
      file: files.get(rootPath)!.file,
      message: `json-schema-ref-parser cannot bundle the schema: ${what}`,
      hint: "nothing was written; a definition name with a backslash or a percent sign, used across files, is a known cause: rename it",
    });
  const result = await run.catch((err: unknown) => {
    throw limit((err as Error).message.split("\n")[0]!);
  });
  // One document: a $ref left pointing into a file would name this machine's paths in the outputs.
  let external: unknown;
  walkSchemas(result, ({ schema }) => {
    if (external === undefined && typeof schema.$ref === "string" && !schema.$ref.startsWith("#")) external = schema.$ref;
  });
  if (external !== undefined)
    throw limit(`a $ref into another file is left in the bundle (${JSON.stringify(relativeRef(String(external), rootPath))})`);
  return result;
}

/** A $ref as the user would write it: a file URL under the root's folder as a relative path. */
function relativeRef(ref: string, rootPath: string): string {
  if (!ref.startsWith("file:")) return ref;
  const url = new URL(ref);
  return relative(dirname(rootPath), fileURLToPath(url)).split(sep).join("/") + url.hash;
}

/**
 * For a `$ref` that points nowhere, the one it most likely meant: each token of its pointer that
 * the file does not have is replaced by the nearest of the keys beside it (`DDContxt` → `DDContext`
 * among the definitions, `definitons` → `definitions`), when one is close enough (core/similar.ts)
 * and the pointer so mended leads somewhere. Written as the `$ref` with its fragment mended.
 */
function didYouMean(ref: string, document: unknown, pointer: string): string | undefined {
  const hash = ref.indexOf("#");
  if (hash === -1) return undefined;
  const tokens = pointerTokens(pointer);
  let node: unknown = document;
  let mended = false;
  for (let i = 0; i < tokens.length; i++) {
    if (Array.isArray(node)) {
      node = node[Number(tokens[i])];
      continue;
    }
    if (typeof node !== "object" || node === null) return undefined;
    const here = node as Record<string, unknown>;
    if (!Object.hasOwn(here, tokens[i]!)) {
      const near = closest(tokens[i]!, Object.keys(here));
      if (near === undefined) return undefined;
      tokens[i] = near;
      mended = true;
    }
    node = here[tokens[i]!];
  }
  if (!mended) return undefined;
  return `did you mean ${ref.slice(0, hash + 1)}${tokens.map((t) => `/${pointerToken(t)}`).join("")}?`;
}
