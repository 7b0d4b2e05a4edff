/**
 * The worked examples under examples/, through the command line run in process:
 * - multi-page: one config, a Linux and a Windows page sharing the built-in
 *   template, each with its own page fields; `generate` builds both, `--page`
 *   one, `check` verifies both.
 * - custom-template: the worked example of guides/templates.md (a template
 *   plus a partial override that adds Type and Required columns).
 */
import { readFile, rm, stat } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FIXTURES, ROOT, cp, join, runInProcess, tempDir, writeFiles } from "../helpers.js";

const MULTI = join(ROOT, "examples/multi-page");
const CUSTOM = join(ROOT, "examples/custom-template");
const LINUX_OUT = ["docs/backend_linux.md", "generated/backend-linux-event.ts", "generated/backend-linux-event.validator.ts"];
const WINDOWS_OUT = ["docs/backend_windows.md", "generated/backend-windows-event.ts", "generated/backend-windows-event.validator.ts"];

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

describe("examples/multi-page: a Linux and a Windows page from one config", () => {
  it("check verifies both pages' committed outputs, and writes nothing", async () => {
    const r = await runInProcess(["check", "--config", "examples/multi-page/cws-docgen.config.json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`up to date: ${[...LINUX_OUT, ...WINDOWS_OUT].map((f) => `examples/multi-page/${f}`).join(", ")}\n`);
  });

  it("generate --page NAME builds one page; generate builds all; check sees what is missing", async () => {
    for (const f of ["cws-docgen.config.json", "schema"]) await cp(join(MULTI, f), join(dir, f), { recursive: true });

    const one = await runInProcess(["generate", "--config", "cws-docgen.config.json", "--page", "windows"], { cwd: dir });
    expect(one.stderr).toBe("");
    expect(one.code).toBe(0);
    expect(one.stdout).toBe(WINDOWS_OUT.map((f) => `wrote ${f}\n`).join(""));
    for (const f of LINUX_OUT) expect(await exists(join(dir, f))).toBe(false);

    const stale = await runInProcess(["check", "--config", "cws-docgen.config.json"], { cwd: dir });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(
      /^cws-docgen: missing: docs\/backend_linux\.md, generated\/backend-linux-event\.ts, generated\/backend-linux-event\.validator\.ts\n/,
    );
    expect((await runInProcess(["check", "--page", "windows", "--config", "cws-docgen.config.json"], { cwd: dir })).code).toBe(0);

    const all = await runInProcess(["generate", "--config", "cws-docgen.config.json"], { cwd: dir });
    expect(all.code).toBe(0);
    expect(all.stdout).toBe([...LINUX_OUT.map((f) => `wrote ${f}\n`), ...WINDOWS_OUT.map((f) => `unchanged ${f}\n`)].join(""));
    for (const f of [...LINUX_OUT, ...WINDOWS_OUT])
      expect(await readFile(join(dir, f), "utf8"), f).toBe(await readFile(join(MULTI, f), "utf8"));
  });

  it("shares one template: each page has its own texts, and the same layout as the default page", async () => {
    const linux = await readFile(join(MULTI, "docs/backend_linux.md"), "utf8");
    const windows = await readFile(join(MULTI, "docs/backend_windows.md"), "utf8");
    expect(linux).toMatch(
      /^---\ntitle: CWS Linux Events\ndescription: JSON schema documentation of the CWS backend event on Linux\ndisable_edit: true\n---\n/,
    );
    expect(windows).toMatch(/^---\ntitle: CWS Windows Events\n/);
    expect(linux).toContain(
      '\n\nCWS logs from Linux hosts have the following JSON schema (for Windows hosts, see [CWS Windows Events][3]):\n\n\n{{< code-block lang="json" collapsible="true" filename="BACKEND_LINUX_EVENT_JSON_SCHEMA" >}}\n',
    );
    expect(windows).toContain('filename="BACKEND_WINDOWS_EVENT_JSON_SCHEMA"');
    expect(linux.endsWith("\n[3]: /security/cloud_workload_security/backend_windows\n")).toBe(true);
    expect(windows.endsWith("\n[3]: /security/cloud_workload_security/backend_linux\n")).toBe(true);
    // From the parameter table to the link definitions, each page is the corpus snapshot of its schema.
    const body = (md: string) => md.slice(md.indexOf("| Parameter |"), md.lastIndexOf("\n[1]: "));
    expect(body(linux)).toBe(body(await readFile(join(FIXTURES, "corpus/expected/backend_linux.schema.fb166104e0.md"), "utf8")));
    expect(body(windows)).toBe(body(await readFile(join(FIXTURES, "corpus/expected/backend_windows.schema.2dd22cad4f.md"), "utf8")));
    const types = await readFile(join(MULTI, "generated/backend-windows-event.ts"), "utf8");
    expect(types).toContain("\nexport interface WindowsBackendEvent {\n");
  });

  it("check fails with a diff when a page field changes in the config", async () => {
    await cp(MULTI, dir, { recursive: true });
    const config = JSON.parse(await readFile(join(dir, "cws-docgen.config.json"), "utf8"));
    config.pages[1].fields.links[2].url = "/security/workload_protection/backend_linux";
    await writeFiles(dir, { "cws-docgen.config.json": JSON.stringify(config, null, 2) });
    const r = await runInProcess(["check", "--config", "cws-docgen.config.json"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "\n-[3]: /security/cloud_workload_security/backend_linux\n+[3]: /security/workload_protection/backend_linux\n",
    );
    expect(r.stderr).toMatch(/^cws-docgen: stale: docs\/backend_windows\.md\n/);
  });
});

describe("examples/custom-template: a partial override that adds columns (guides/templates.md: the worked example)", () => {
  it("is current (check exits 0) and its field tables have the Type and Required columns", async () => {
    const r = await runInProcess(["check", "--config", "examples/custom-template/cws-docgen.config.json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const md = await readFile(join(CUSTOM, "docs/backend_windows.md"), "utf8");
    expect(md).toContain(
      "## `ExitEvent`\n\nExitEventSerializer serializes an exit event to JSON\n\n| Field | Type | Required | Description |\n| ----- | ---- | -------- | ----------- |\n| `cause` | string | yes | Cause of the process termination (one of EXITED, SIGNALED, COREDUMPED) |\n",
    );
    expect(md).toContain("| `ancestors` | [Process](#process) array | no | Ancestor processes |\n");
    expect(md).toContain("| `created_at` | string (date-time) | no | Creation time of the container |\n");
    expect(md).toContain("| `rule_id` | string | yes |  |\n"); // every property, not only described ones
    expect(md.endsWith("\nMaintained by Cloud Workload Security.\n")).toBe(true); // a custom page field
  });

  it("is what guides/templates.md shows, file for file", async () => {
    const guide = await readFile(join(ROOT, "guides/templates.md"), "utf8");
    for (const f of ["templates/partials/field-table.hbs", "templates/events.md.hbs", "cws-docgen.config.json"]) {
      expect(guide, f).toContain(`\n${await readFile(join(CUSTOM, f), "utf8")}\`\`\`\n`);
    }
  });

  it("renders the Required column from the schema: making a field required changes its row", async () => {
    await cp(CUSTOM, dir, { recursive: true });
    await rm(join(dir, "docs"), { recursive: true });
    const schema = JSON.parse(await readFile(join(dir, "schema/backend_windows.schema.json"), "utf8"));
    schema.$defs.RegistryEvent.required = ["key_path"];
    await writeFiles(dir, { "schema/backend_windows.schema.json": JSON.stringify(schema, null, 2) });
    const r = await runInProcess(["generate", "--config", "cws-docgen.config.json", "--no-types"], { cwd: dir });
    expect(r.code).toBe(0);
    const md = await readFile(join(dir, "docs/backend_windows.md"), "utf8");
    expect(md).toContain("| `key_name` | string | no | Registry key name |\n| `key_path` | string | yes | Registry key path |\n");
  });
});
