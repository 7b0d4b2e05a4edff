/**
 * `cws-docgen preview` without Hugo: its argument errors, the message when Hugo does not run (the
 * command line's runs in this process: each ends before Hugo would be started), and the site folder it
 * assembles (content paths, pages rewritten only when changed). The preview through real Hugo and
 * Chromium is test/browser/preview.test.ts (`npm run preview-check`).
 */
import { readdir, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { contentPath, makeSite, pageUrlPath, removeSite, writeContent } from "../../../scripts/cli/preview-site.js";
import { copyProject, join, readFile, runInProcess, tempDir } from "../../helpers.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

/** The preview site folders in the temporary folder now. */
const siteFolders = async () => (await readdir(tmpdir())).filter((f) => f.startsWith("cws-docgen-preview-"));

describe("cws-docgen preview: bad usage and no Hugo", () => {
  it("without a Hugo that runs: exit 2, one line saying what to install or pass, nothing written, no site left", async () => {
    await copyProject(dir);
    const before = await siteFolders();
    const handlers = process.listenerCount("SIGINT") + process.listenerCount("SIGTERM");
    const r = await runInProcess(["preview", "--hugo", "/nonexistent"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      "cws-docgen: error: --hugo: preview needs Hugo 0.111 or later, and /nonexistent does not run: install it (Debian/Ubuntu: apt-get install hugo; others: https://gohugo.io/installation/) or give its path with --hugo PATH\n",
    );
    expect((await siteFolders()).filter((f) => !before.includes(f))).toEqual([]);
    expect(await readdir(join(dir, "docs"))).toEqual(["backend.md"]);
    // The watch it started has let go of the signals it listened to.
    expect(process.listenerCount("SIGINT") + process.listenerCount("SIGTERM")).toBe(handlers);
  });

  it("a Hugo name that is hostile text is shown printable", async () => {
    await copyProject(dir);
    const r = await runInProcess(["preview", "--hugo", "/no\u001b[31mhugo"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain("\u001b");
    expect(r.stderr.split("\n")).toHaveLength(2);
  });

  it("a bad --port, an unknown --page and a config that is not there are usage errors (exit 2), before Hugo is looked for", async () => {
    await copyProject(dir);
    const port = await runInProcess(["preview", "--port", "http"], { cwd: dir });
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/^cws-docgen: error: option '--port <port>' argument 'http' is invalid\. give a port from 1 to 65535/);
    const page = await runInProcess(["preview", "--page", "backnd", "--hugo", "/nonexistent"], { cwd: dir });
    expect(page.code).toBe(2);
    expect(page.stderr).toMatch(
      /^cws-docgen: error: cws-docgen\.config\.json: no page named "backnd"\n {2}hint: did you mean --page backend\?/,
    );
    const none = await runInProcess(["preview", "--config", "nothere.json", "--hugo", "/nonexistent"], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^cws-docgen: error: nothere\.json: /);
    expect(none.stderr).not.toContain("Hugo");
  });

  it("writes none of the config's outputs", async () => {
    await copyProject(dir);
    await import("node:fs/promises").then((fs) => fs.rm(join(dir, "docs"), { recursive: true }));
    const r = await runInProcess(["preview", "--hugo", "/nonexistent"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(await readdir(dir)).not.toContain("docs");
  });
});

describe("the preview's site folder", () => {
  it("puts each page at its docs path relative to the config's folder, and refuses one outside it", () => {
    expect(contentPath("/p/docs/backend.md", "/p", "c.json", "backend")).toBe("docs/backend.md");
    expect(contentPath("/p/a/b/page.markdown", "/p", "c.json", "x")).toBe("a/b/page.markdown");
    expect(contentPath("/p/page.txt", "/p", "c.json", "x")).toBe("page.txt.md");
    expect(() => contentPath("/elsewhere/page.md", "/p", "c.json", "x")).toThrow(
      'c.json: page "x" writes /elsewhere/page.md, outside the config\'s folder',
    );
    expect(() => contentPath("/p/../q/page.md", "/p", "c.json", "x")).toThrow(/outside the config's folder/);
  });

  it("serves a page at Hugo's path for its file", () => {
    expect(pageUrlPath("docs/backend.md")).toBe("/docs/backend/");
    expect(pageUrlPath("docs/Backend Linux.md")).toBe("/docs/backend-linux/");
  });

  it("is private, holds the skeleton, rewrites a page only when it changed, removes a page no longer there, and is removed whole", async () => {
    const site = await makeSite();
    try {
      expect((await stat(site.dir)).mode & 0o777).toBe(0o700);
      expect((await readdir(join(site.site, "layouts/shortcodes"))).sort()).toEqual(["code-block.html"]);
      expect(await readFile(join(site.site, "hugo.toml"), "utf8")).toContain('autoHeadingIDType = "github"');
      const first = new Map([
        ["docs/a.md", "# A\n"],
        ["docs/sub/b.md", "# B\n"],
      ]);
      expect(await writeContent(site, first, new Map())).toEqual(["docs/a.md", "docs/sub/b.md"]);
      expect(await readFile(join(site.site, "content/docs/sub/b.md"), "utf8")).toBe("# B\n");
      const a = await stat(join(site.site, "content/docs/a.md"));
      const second = new Map([["docs/a.md", "# A\n"]]);
      expect(await writeContent(site, second, first)).toEqual(["docs/sub/b.md"]);
      expect((await stat(join(site.site, "content/docs/a.md"))).ino).toBe(a.ino);
      expect(await readdir(join(site.site, "content/docs/sub"))).toEqual([]);
      expect(await writeContent(site, new Map([["docs/a.md", "# A, again\n"]]), second)).toEqual(["docs/a.md"]);
      expect(await readFile(join(site.site, "content/docs/a.md"), "utf8")).toBe("# A, again\n");
      // The temporary copies are renamed into place: none is left beside the site.
      expect(await readdir(join(site.dir, "tmp"))).toEqual([]);
    } finally {
      await removeSite(site);
    }
    await expect(stat(site.dir)).rejects.toThrow();
  });
});
