/**
 * Files that only this user may have written: the build cache's entries and TypeScript's V8 code
 * cache. What the tool keeps between runs is as hostile as the schema (a shared cache folder, a
 * shared runner, a file force-added to `node_modules/.cache/` by a pull request), so:
 *
 * - a folder is used only when it, and every folder above it, can be written by no one but this
 *   user and root (a folder writable by others counts only with its sticky bit, as `/tmp` has;
 *   the rule of OpenSSH's StrictModes): nobody else can have put a file in it, or swap it;
 * - a file is read only when it is a regular file reached without a symbolic link, up to a size,
 *   opened without blocking (a FIFO cannot hang the run);
 * - a file is written to a new temporary name made with O_EXCL (no link followed, no file
 *   replaced), readable by its owner only, then renamed into place;
 * - what is read is believed only when its HMAC, made with a per-user secret that never leaves
 *   this user's private state folder, matches: an entry or code cache that another user, another
 *   machine or a pull request wrote is never used, even when its folder passes the checks above.
 *
 * On Windows (no POSIX owners or modes) the folder checks are skipped; the HMAC still holds.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import {
  closeSync,
  constants,
  fstatSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  realpathSync,
  renameSync,
  rmSync,
  writeSync,
  type Stats,
} from "node:fs";
import { homedir, userInfo } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";

const POSIX = process.platform !== "win32";
/** The sticky bit: in such a folder only a file's owner (or the folder's) may rename or delete it. */
const STICKY = 0o1000;
const uid = (): number | undefined => process.getuid?.();

/**
 * Whether users other than this one (and root) can write where `info` says: its "others" write
 * bit, or its group write bit unless the group is this user's private group (Debian's user private
 * groups, where a umask of 002 makes every folder group-writable: the rule of Debian's OpenSSH).
 * Undefined `uid` (Windows): never.
 */
export function writableByOthers(info: Stats): boolean {
  if (!POSIX) return false;
  if ((info.mode & 0o002) !== 0) return true;
  return (info.mode & 0o020) !== 0 && !isPrivateGroup(info.gid);
}

let privateGroups: Map<number, boolean> | undefined;

/**
 * Whether `gid` is this user's private group: its primary group, with no other member listed in
 * /etc/group and no other user's primary group in /etc/passwd. Groups only a directory service
 * knows (not in those files) count as shared.
 */
function isPrivateGroup(gid: number): boolean {
  privateGroups ??= new Map();
  let known = privateGroups.get(gid);
  if (known === undefined) {
    known = false;
    try {
      const me = userInfo();
      if (gid === process.getgid?.()) {
        const fields = (file: string) =>
          readFileSync(file, "utf8")
            .split("\n")
            .map((line) => line.split(":"));
        const group = fields("/etc/group").find((f) => f[2] === String(gid));
        const members = group?.[3] ? group[3].split(",").filter((m) => m !== "") : [];
        const sharers = fields("/etc/passwd").filter((f) => f[3] === String(gid) && f[0] !== me.username);
        known = group !== undefined && members.every((m) => m === me.username) && sharers.length === 0;
      }
    } catch {
      known = false;
    }
    privateGroups.set(gid, known);
  }
  return known;
}

/**
 * Why a folder cannot hold private files, or undefined when it can: it must be a folder (not a
 * symbolic link) of this user's, writable by no one else, and every folder above it (its real
 * path) this user's or root's, writable by no one else unless its sticky bit is set.
 */
export function folderRefusal(dir: string): string | undefined {
  if (!POSIX) return undefined;
  const me = uid();
  const shown = resolve(dir);
  try {
    const own = lstatSync(shown);
    if (!own.isDirectory()) return `${shown} is not a folder (a symbolic link?)`;
    if (own.uid !== me) return `${shown} belongs to another user`;
    if (writableByOthers(own)) return `${shown} can be written by other users`;
    for (let path = realpathSync(dirname(shown)); ; path = dirname(path)) {
      const info = lstatSync(path);
      if (info.uid !== me && info.uid !== 0) return `${path} belongs to another user`;
      if (writableByOthers(info) && (info.mode & STICKY) === 0) return `${path} can be written by other users`;
      if (dirname(path) === path) return undefined;
    }
  } catch {
    return `${shown} cannot be checked`;
  }
}

/**
 * Makes `dir` (mode 0700; the folders above it as the umask says) unless it exists, then checks it
 * with `folderRefusal`. Undefined when it can hold private files; otherwise why not.
 */
export function privateFolder(dir: string): string | undefined {
  try {
    mkdirSync(dirname(dir), { recursive: true });
    mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") return `${dir} cannot be made (${(err as Error).message})`;
  }
  return folderRefusal(dir);
}

/**
 * The bytes of `file` when it is a regular file, reached without following a symbolic link in its
 * last part, owned by this user and at most `max` bytes; undefined otherwise (missing included).
 * Opened with O_NONBLOCK, so a FIFO planted in its place returns at once.
 */
export function readPrivateFile(file: string, max: number): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (POSIX ? constants.O_NOFOLLOW | constants.O_NONBLOCK : 0));
  } catch {
    return undefined;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile() || info.size > max || (POSIX && info.uid !== uid())) return undefined;
    const bytes = Buffer.allocUnsafe(info.size);
    let at = 0;
    while (at < info.size) {
      const read = readSync(fd, bytes, at, info.size - at, null);
      if (read === 0) break;
      at += read;
    }
    return bytes.subarray(0, at);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes `data` to a new file beside `file`, made exclusively (O_CREAT | O_EXCL: no link followed,
 * nothing replaced; a random name) with mode 0600, then renames it to `file`, or links it there
 * when `replace` is false (then an existing `file` is kept and `false` returned). Throws on failure,
 * leaving no temporary file.
 */
export function writePrivateFile(file: string, data: Uint8Array, { replace = true } = {}): boolean {
  const temporary = `${file}.tmp-${randomBytes(8).toString("hex")}`;
  const fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (POSIX ? constants.O_NOFOLLOW : 0), 0o600);
  try {
    try {
      for (let at = 0; at < data.length; ) at += writeSync(fd, data, at, data.length - at);
    } finally {
      closeSync(fd);
    }
    if (replace) {
      renameSync(temporary, file);
      return true;
    }
    try {
      linkSync(temporary, file);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw err;
    }
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** The folder of this user's private state (the secret): XDG's state folder, or the platform's. */
function userStateDir(env: Record<string, string | undefined> = process.env, platform: string = process.platform): string {
  const home = env.HOME || homedir();
  if (platform === "win32") return join(env.LOCALAPPDATA || join(home, "AppData", "Local"), "cws-docgen", "State");
  if (platform === "darwin") return join(home, "Library", "Application Support", "cws-docgen");
  const xdg = env.XDG_STATE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, ".local", "state"), "cws-docgen");
}

const SECRET_BYTES = 32;
/** The secret read from each state folder (a run may be one of several in a process, each with its environment). */
const secrets = new Map<string, Buffer | undefined>();

/**
 * This user's secret (32 random bytes in `<state>/secret`, made on first use, mode 0600 in a 0700
 * folder), or undefined when it cannot be had safely: then nothing is believed from a cache.
 */
export function userSecret(): Buffer | undefined {
  const dir = userStateDir();
  if (!secrets.has(dir)) secrets.set(dir, loadSecret(dir));
  return secrets.get(dir);
}

function loadSecret(dir: string): Buffer | undefined {
  if (privateFolder(dir) !== undefined) return undefined;
  const file = join(dir, "secret");
  try {
    // Two first runs at once: the second's link fails and both read the first's.
    writePrivateFile(file, randomBytes(SECRET_BYTES), { replace: false });
  } catch {
    return undefined;
  }
  const value = readPrivateFile(file, SECRET_BYTES);
  if (value?.length !== SECRET_BYTES) return undefined;
  if (POSIX && (lstatSync(file).mode & 0o077) !== 0) return undefined;
  return value;
}

/** The HMAC-SHA-256 of `parts` (each length-prefixed, so that no two lists of parts collide) under this user's secret. */
export function seal(key: Buffer, parts: (string | Uint8Array)[]): Buffer {
  const mac = createHmac("sha256", key);
  for (const part of parts) {
    const bytes = typeof part === "string" ? Buffer.from(part, "utf8") : part;
    mac.update(`${bytes.length}:`).update(bytes);
  }
  return mac.digest();
}

/** Whether `mac` is the seal of `parts`, compared in constant time. */
export function sealed(key: Buffer, parts: (string | Uint8Array)[], mac: Uint8Array): boolean {
  const expected = seal(key, parts);
  return mac.length === expected.length && timingSafeEqual(mac, expected);
}
