/**
 * cws-docgen/events at run time: realistic events written by hand from the
 * master schema validate; mutated copies fail with the pointer of the offending
 * value; and the generated standalone validator agrees with Ajv compiling the
 * master schema at run time.
 */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { isBackendEvent, schema, validateBackendEvent } from "../../../scripts/runtime/events.js";
import { MUTATIONS, events, mutated, names } from "../../event-cases.js";
import { MASTER_SCHEMA } from "../../helpers.js";

describe("validateBackendEvent", () => {
  it("has the six hand-written events", () => {
    expect(Object.keys(events)).toEqual(["bpf", "exec", "open", "process-tree", "rename", "selinux"]);
  });

  it.each(names)("accepts %s, and returns the same object as the event", (name) => {
    const event = events[name.replace(/\.json$/, "")];
    const result = validateBackendEvent(event);
    expect(result).toEqual({ valid: true, event });
    expect(result.valid && result.event).toBe(event);
    expect(isBackendEvent(event)).toBe(true);
  });

  it.each(MUTATIONS.map((m) => [m.name, m] as const))("rejects %s with the pointer of the offending value", (_, m) => {
    expect(validateBackendEvent(m.event)).toEqual({ valid: false, errors: [{ pointer: m.pointer, message: m.message }] });
    expect(isBackendEvent(m.event)).toBe(false);
  });

  it("reports every error of an event, in document order", () => {
    const event = mutated("process-tree", (e) => {
      e.date = "now";
      delete e.process.gid;
      e.process.parent.uid = "1000";
      e.process.credentials.destination = "root"; // additionalProperties: true, but still an object
    });
    const result = validateBackendEvent(event);
    expect(result.valid).toBe(false);
    expect(!result.valid && result.errors.map((e) => e.pointer)).toEqual(["/process/gid", "/process/parent/uid", "/date"]);
  });

  it("rejects values that are not events at all", () => {
    for (const value of [null, undefined, 42, "exec", true]) {
      const result = validateBackendEvent(value);
      expect(result.valid).toBe(false);
      expect(!result.valid && result.errors).toHaveLength(1);
      expect(!result.valid && result.errors[0]!.pointer).toBe("");
    }
  });

  it("exports the master schema as data", async () => {
    expect(schema).toEqual(JSON.parse(await readFile(MASTER_SCHEMA, "utf8")));
  });
});

describe("the generated validator", () => {
  it("agrees with Ajv compiling the master schema at run time, on every event and mutation", async () => {
    const { default: Ajv04 } = (await import("ajv-draft-04")) as unknown as { default: typeof import("ajv-draft-04").default };
    const { default: addFormats } = (await import("ajv-formats")) as unknown as { default: typeof import("ajv-formats").default };
    const compile = async (options: { inlineRefs?: boolean }) => {
      const ajv = new Ajv04({ allErrors: true, strict: false, ...options });
      addFormats(ajv);
      return ajv.compile(JSON.parse(await readFile(MASTER_SCHEMA, "utf8")));
    };
    // The generated validator has one function per definition (inlineRefs: false), where Ajv's
    // default copies a definition without $refs inline: the same errors, but a schemaPath is then
    // relative to the definition that holds it (as Ajv's default already wrote it for the others).
    const runtime = await compile({ inlineRefs: false });
    const inlined = await compile({});
    const withoutSchemaPath = (errors: readonly { schemaPath?: string }[] | null | undefined) =>
      (errors ?? []).map(({ schemaPath: _, ...rest }) => rest);
    const { validate } = await import("../../../generated/backend-event.validator.js");
    const all = [...Object.values(events), ...MUTATIONS.map((m) => m.event)];
    for (const event of all) {
      expect(validate(event)).toBe(runtime(event));
      expect(validate.errors ?? null).toEqual(runtime.errors ?? null);
      expect(validate(event)).toBe(inlined(event));
      expect(withoutSchemaPath(validate.errors)).toEqual(withoutSchemaPath(inlined.errors));
    }
  });
});
