/**
 * `cws-docgen init SCHEMA`: a config for a team's own schema, with texts read from the schema and
 * none of the seed page's (Datadog's), that `generate` builds at once; it never replaces a config.
 */
import { lstat, mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { join, runInProcess, tempDir } from "../../helpers.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir("cws-docgen-init-")));
afterEach(() => cleanup());

const SCHEMA = {
  title: "Acme audit\nevent [x](javascript:alert(1))",
  description: "Audit events of <b>Acme</b>",
  type: "object",
  properties: { id: { type: "string", description: "The event's id" } },
  required: ["id"],
};

describe("init", () => {
  it("writes a config from the schema's own texts, which generate builds into a page with nothing of the seed's", async () => {
    await mkdir(join(dir, "schema"));
    await writeFile(join(dir, "schema/acme.schema.json"), JSON.stringify(SCHEMA));
    const r = await runInProcess(["init", "schema/acme.schema.json"], { cwd: dir });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      "wrote cws-docgen.config.json: one page, from schema/acme.schema.json\n" +
        "  it will write: docs/acme.md, generated/acme.ts, generated/acme.validator.ts\n" +
        "  next: cws-docgen generate\n",
    );
    const config = JSON.parse(await readFile(join(dir, "cws-docgen.config.json"), "utf8"));
    expect(config.$schema).toBe("./node_modules/cws-docgen/config.schema.json");
    expect(config.pages).toHaveLength(1);
    const [page] = config.pages;
    expect(page).toMatchObject({
      name: "acme",
      schema: "schema/acme.schema.json",
      docs: "docs/acme.md",
      types: "generated/acme.ts",
      title: "Acme audit event [x](javascript:alert(1))",
      description: "Audit events of <b>Acme</b>",
      fields: { schemaFilename: "ACME_JSON_SCHEMA", links: [] },
    });
    // A title too long for a type name: the file's.
    expect(page.rootType).toBe("Acme");
    const built = await runInProcess(["generate"], { cwd: dir });
    expect(built.stderr).toBe("");
    expect(built.stdout).toBe("wrote docs/acme.md\nwrote generated/acme.ts\nwrote generated/acme.validator.ts\n");
    const markdown = await readFile(join(dir, "docs/acme.md"), "utf8");
    expect(markdown).not.toMatch(/Datadog|Cloud Workload|CWS|security_platform|BACKEND_EVENT|kind:/);
    // The schema's title is text in the intro, never a link (the lint would have refused one).
    expect(markdown).toContain("Acme audit event \\[x\\](javascript:alert(1)) has the following JSON schema:");
    expect(await readFile(join(dir, "generated/acme.ts"), "utf8")).toContain("export interface Acme {");
    expect((await runInProcess(["check"], { cwd: dir })).code).toBe(0);
  });

  it("never replaces a config, nor writes through a link where one would go", async () => {
    await writeFile(join(dir, "s.json"), JSON.stringify(SCHEMA));
    await writeFile(join(dir, "cws-docgen.config.json"), "{}\n");
    const again = await runInProcess(["init", "s.json"], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(
      "cws-docgen: error: cws-docgen.config.json: a config is already there; init never replaces one\n  hint: edit it, or give init another file with --config FILE\n",
    );
    expect(await readFile(join(dir, "cws-docgen.config.json"), "utf8")).toBe("{}\n");
    await writeFile(join(dir, "victim"), "victim\n");
    await symlink(join(dir, "victim"), join(dir, "linked.config.json"));
    expect((await runInProcess(["init", "s.json", "--config", "linked.config.json"], { cwd: dir })).code).toBe(2);
    expect(await readFile(join(dir, "victim"), "utf8")).toBe("victim\n");
    expect((await lstat(join(dir, "linked.config.json"))).isSymbolicLink()).toBe(true);
    // Another file, named: written, and the other commands take it with --config.
    const named = await runInProcess(["init", "s.json", "--config", "docs.config.json"], { cwd: dir });
    expect(named.stdout).toContain("next: cws-docgen generate --config docs.config.json\n");
    expect((await runInProcess(["generate", "--config", "docs.config.json"], { cwd: dir })).code).toBe(0);
  });

  it("refuses a schema outside the config's folder, and one that is not JSON, with one line each", async () => {
    await mkdir(join(dir, "project"));
    await writeFile(join(dir, "outside.json"), JSON.stringify(SCHEMA));
    const outside = await runInProcess(["init", "../outside.json"], { cwd: join(dir, "project") });
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/^cws-docgen: error: .*outside\.json: the schema is outside the config's folder/);
    await writeFile(join(dir, "project/bad.json"), "{ not json");
    const bad = await runInProcess(["init", "bad.json"], { cwd: join(dir, "project") });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^cws-docgen: error: bad\.json:1:3: /);
    await expect(lstat(join(dir, "project/cws-docgen.config.json"))).rejects.toThrow(/ENOENT/);
  });
});
