/**
 * Files only this user may have written (scripts/core/private-files.ts): what is read, what is
 * written, which folders count as this user's alone, and the seal. Tests run as root; `nobody`
 * (uid 65534) stands for another user.
 */
import { execFileSync } from "node:child_process";
import { chmod, chown, mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { folderRefusal, readPrivateFile, seal, sealed, writePrivateFile } from "../../../scripts/core/private-files.js";
import { join, tempDir } from "../../helpers.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir("cws-docgen-private-")));
afterEach(() => cleanup());

describe("readPrivateFile", () => {
  it("reads a regular file of this user's up to its cap, and nothing else: over the cap, another user's, a link, a FIFO, missing", async () => {
    const file = join(dir, "f");
    await writeFile(file, "12345");
    expect(readPrivateFile(file, 5)?.toString()).toBe("12345");
    expect(readPrivateFile(file, 4)).toBeUndefined();
    await symlink(file, join(dir, "link"));
    expect(readPrivateFile(join(dir, "link"), 5)).toBeUndefined();
    execFileSync("mkfifo", [join(dir, "fifo")]);
    expect(readPrivateFile(join(dir, "fifo"), 5)).toBeUndefined();
    expect(readPrivateFile(join(dir, "missing"), 5)).toBeUndefined();
    await chown(file, 65534, 65534);
    expect(readPrivateFile(file, 5)).toBeUndefined();
  });
});

describe("writePrivateFile", () => {
  it("replaces a link with a file of its own (mode 0600), and without replace keeps what is there; no temporary file is left", async () => {
    await writeFile(join(dir, "target"), "target\n");
    await symlink(join(dir, "target"), join(dir, "entry"));
    expect(writePrivateFile(join(dir, "entry"), Buffer.from("new"))).toBe(true);
    expect(await readFile(join(dir, "target"), "utf8")).toBe("target\n");
    expect(await readFile(join(dir, "entry"), "utf8")).toBe("new");
    expect(writePrivateFile(join(dir, "entry"), Buffer.from("other"), { replace: false })).toBe(false);
    expect(await readFile(join(dir, "entry"), "utf8")).toBe("new");
    expect((await readdir(dir)).sort()).toEqual(["entry", "target"]);
  });
});

describe("folderRefusal", () => {
  it("takes a folder of this user's that no one else can write, below folders that are root's or sticky; refuses the rest", async () => {
    const mine = join(dir, "a/mine");
    await mkdir(mine, { recursive: true, mode: 0o700 });
    await chmod(join(dir, "a"), 0o755);
    expect(folderRefusal(mine)).toBeUndefined();
    // A folder above it that others can write, without the sticky bit: another user could swap it.
    await chmod(join(dir, "a"), 0o777);
    expect(folderRefusal(mine)).toBe(`${join(dir, "a")} can be written by other users`);
    await chmod(join(dir, "a"), 0o1777);
    expect(folderRefusal(mine)).toBeUndefined();
    // Its group's write bit: fine for root's private group (gid 0 has no other member), not for users (gid 100).
    await chmod(mine, 0o770);
    expect(folderRefusal(mine)).toBeUndefined();
    await chown(mine, 0, 100);
    expect(folderRefusal(mine)).toBe(`${mine} can be written by other users`);
    await chown(mine, 65534, 65534);
    expect(folderRefusal(mine)).toBe(`${mine} belongs to another user`);
    await symlink(join(dir, "a"), join(dir, "link"));
    expect(folderRefusal(join(dir, "link"))).toBe(`${join(dir, "link")} is not a folder (a symbolic link?)`);
  });
});

describe("seal", () => {
  it("is checked in constant time over every part, length-prefixed: moving a byte between parts breaks it", () => {
    const key = Buffer.alloc(32, 7);
    const mac = seal(key, ["ab", "c"]);
    expect(sealed(key, ["ab", "c"], mac)).toBe(true);
    expect(sealed(key, ["a", "bc"], mac)).toBe(false);
    expect(sealed(Buffer.alloc(32, 8), ["ab", "c"], mac)).toBe(false);
    expect(sealed(key, ["ab", "c"], mac.subarray(1))).toBe(false);
  });
});
