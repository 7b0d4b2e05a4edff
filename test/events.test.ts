/**
 * cws-docgen/events at run time: realistic events written by hand from the
 * master schema validate; mutated copies fail with the pointer of the offending
 * value; and the generated standalone validator agrees with Ajv compiling the
 * master schema at run time.
 */
import { readdir, readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { isBackendEvent, schema, validateBackendEvent } from "../scripts/events.js";
import { FIXTURES, MASTER_SCHEMA, join } from "./helpers.js";

type Json = any;

const EVENTS_DIR = join(FIXTURES, "events");
const names = (await readdir(EVENTS_DIR)).filter((f) => f.endsWith(".json")).sort();
const events: Record<string, Json> = {};
for (const name of names) events[name.replace(/\.json$/, "")] = JSON.parse(await readFile(join(EVENTS_DIR, name), "utf8"));

/** A deep copy of a fixture with one change. */
function mutated(fixture: string, change: (e: Json) => void): Json {
  const copy = structuredClone(events[fixture]);
  change(copy);
  return copy;
}

interface Mutation {
  name: string;
  event: Json;
  pointer: string;
  message: string;
}

const MUTATIONS: Mutation[] = [
  // A wrong type.
  { name: "pid as a string", event: mutated("exec", (e) => (e.process.pid = "23817")), pointer: "/process/pid", message: 'must be integer, got the string "23817"' },
  { name: "file uid as a float", event: mutated("open", (e) => (e.file.uid = 0.5)), pointer: "/file/uid", message: "must be integer, got the number 0.5" },
  { name: "a helper that is not a string", event: mutated("bpf", (e) => (e.bpf.program.helpers[1] = 42)), pointer: "/bpf/program/helpers/1", message: "must be string, got the number 42" },
  { name: "ancestors as an object", event: mutated("process-tree", (e) => (e.process.ancestors = { 0: e.process.ancestors[0] })), pointer: "/process/ancestors", message: "must be array, got an object" },
  { name: "bool_commit state as a string", event: mutated("selinux", (e) => (e.selinux.bool_commit.state = "true")), pointer: "/selinux/bool_commit/state", message: 'must be boolean, got the string "true"' },
  { name: "the event itself as an array", event: [events.exec], pointer: "", message: "must be object, got an array" },
  // An unknown property where additionalProperties is false.
  { name: "unknown top-level property", event: mutated("exec", (e) => (e.hostname = "web-1")), pointer: "/hostname", message: 'unknown property "hostname": the schema allows no other properties here' },
  { name: "unknown property in the destination", event: mutated("rename", (e) => (e.file.destination.new_name = "shell.php")), pointer: "/file/destination/new_name", message: 'unknown property "new_name": the schema allows no other properties here' },
  { name: "unknown property in an ancestor", event: mutated("process-tree", (e) => (e.process.ancestors[2].cmdline = "sshd: dev")), pointer: "/process/ancestors/2/cmdline", message: 'unknown property "cmdline": the schema allows no other properties here' },
  { name: "unknown property with a slash in its name", event: mutated("bpf", (e) => (e.bpf.map["flags/extra"] = 1)), pointer: "/bpf/map/flags~1extra", message: 'unknown property "flags/extra": the schema allows no other properties here' },
  // A missing uid (and other required properties).
  { name: "process without uid", event: mutated("exec", (e) => delete e.process.uid), pointer: "/process/uid", message: 'missing required property "uid"' },
  { name: "file without uid", event: mutated("open", (e) => delete e.file.uid), pointer: "/file/uid", message: 'missing required property "uid"' },
  { name: "destination without uid", event: mutated("rename", (e) => delete e.file.destination.uid), pointer: "/file/destination/uid", message: 'missing required property "uid"' },
  { name: "ancestor without uid", event: mutated("process-tree", (e) => delete e.process.ancestors[3].uid), pointer: "/process/ancestors/3/uid", message: 'missing required property "uid"' },
  { name: "executable without uid", event: mutated("selinux", (e) => delete e.process.executable.uid), pointer: "/process/executable/uid", message: 'missing required property "uid"' },
  { name: "bpf without cmd", event: mutated("bpf", (e) => delete e.bpf.cmd), pointer: "/bpf/cmd", message: 'missing required property "cmd"' },
  { name: "credentials without cap_permitted", event: mutated("bpf", (e) => delete e.process.credentials.cap_permitted), pointer: "/process/credentials/cap_permitted", message: 'missing required property "cap_permitted"' },
  // A bad date.
  { name: "date in words", event: mutated("exec", (e) => (e.date = "yesterday")), pointer: "/date", message: 'must match format "date-time", got the string "yesterday"' },
  { name: "date without a time zone", event: mutated("open", (e) => (e.date = "2026-11-24T10:16:42")), pointer: "/date", message: 'must match format "date-time", got the string "2026-11-24T10:16:42"' },
  { name: "a 30th of February", event: mutated("rename", (e) => (e.file.destination.modification_time = "2026-02-30T10:00:00Z")), pointer: "/file/destination/modification_time", message: 'must match format "date-time", got the string "2026-02-30T10:00:00Z"' },
  { name: "an ancestor's fork time at hour 25", event: mutated("process-tree", (e) => (e.process.ancestors[1].fork_time = "2026-11-24T25:58:40Z")), pointer: "/process/ancestors/1/fork_time", message: 'must match format "date-time", got the string "2026-11-24T25:58:40Z"' },
];

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
    const ajv = new Ajv04({ allErrors: true, strict: false });
    addFormats(ajv);
    const runtime = ajv.compile(JSON.parse(await readFile(MASTER_SCHEMA, "utf8")));
    const { validate } = await import("../generated/backend-event.validator.js");
    const all = [...Object.values(events), ...MUTATIONS.map((m) => m.event)];
    for (const event of all) {
      expect(validate(event)).toBe(runtime(event));
      expect(validate.errors ?? null).toEqual(runtime.errors ?? null);
    }
  });
});
