/**
 * The realistic CWS events (test/fixtures/events/*.json, written by hand from the
 * master schema) and mutated copies of them, each with the one error it must
 * produce: shared by the events tests and the packaging test.
 */
import { readdir, readFile } from "node:fs/promises";
import { FIXTURES, join } from "./helpers.js";

// biome-ignore lint/suspicious/noExplicitAny: events are built and mutated freely, as JSON
type Json = any;

const EVENTS_DIR = join(FIXTURES, "events");
export const names = (await readdir(EVENTS_DIR)).filter((f) => f.endsWith(".json")).sort();
export const events: Record<string, Json> = {};
for (const name of names) events[name.replace(/\.json$/, "")] = JSON.parse(await readFile(join(EVENTS_DIR, name), "utf8"));

/** A deep copy of a fixture with one change. */
export function mutated(fixture: string, change: (e: Json) => void): Json {
  const copy = structuredClone(events[fixture]);
  change(copy);
  return copy;
}

export interface Mutation {
  name: string;
  event: Json;
  pointer: string;
  message: string;
}

export const MUTATIONS: Mutation[] = [
  // A wrong type.
  {
    name: "pid as a string",
    event: mutated("exec", (e) => (e.process.pid = "23817")),
    pointer: "/process/pid",
    message: 'must be integer, got the string "23817"',
  },
  {
    name: "file uid as a float",
    event: mutated("open", (e) => (e.file.uid = 0.5)),
    pointer: "/file/uid",
    message: "must be integer, got the number 0.5",
  },
  {
    name: "a helper that is not a string",
    event: mutated("bpf", (e) => (e.bpf.program.helpers[1] = 42)),
    pointer: "/bpf/program/helpers/1",
    message: "must be string, got the number 42",
  },
  {
    name: "ancestors as an object",
    event: mutated("process-tree", (e) => (e.process.ancestors = { 0: e.process.ancestors[0] })),
    pointer: "/process/ancestors",
    message: "must be array, got an object",
  },
  {
    name: "bool_commit state as a string",
    event: mutated("selinux", (e) => (e.selinux.bool_commit.state = "true")),
    pointer: "/selinux/bool_commit/state",
    message: 'must be boolean, got the string "true"',
  },
  { name: "the event itself as an array", event: [events.exec], pointer: "", message: "must be object, got an array" },
  // An unknown property where additionalProperties is false.
  {
    name: "unknown top-level property",
    event: mutated("exec", (e) => (e.hostname = "web-1")),
    pointer: "/hostname",
    message: 'unknown property "hostname": the schema allows no other properties here',
  },
  {
    name: "unknown property in the destination",
    event: mutated("rename", (e) => (e.file.destination.new_name = "shell.php")),
    pointer: "/file/destination/new_name",
    message: 'unknown property "new_name": the schema allows no other properties here',
  },
  {
    name: "unknown property in an ancestor",
    event: mutated("process-tree", (e) => (e.process.ancestors[2].cmdline = "sshd: dev")),
    pointer: "/process/ancestors/2/cmdline",
    message: 'unknown property "cmdline": the schema allows no other properties here',
  },
  {
    name: "unknown property with a slash in its name",
    event: mutated("bpf", (e) => (e.bpf.map["flags/extra"] = 1)),
    pointer: "/bpf/map/flags~1extra",
    message: 'unknown property "flags/extra": the schema allows no other properties here',
  },
  // A missing uid (and other required properties).
  {
    name: "process without uid",
    event: mutated("exec", (e) => delete e.process.uid),
    pointer: "/process/uid",
    message: 'missing required property "uid"',
  },
  {
    name: "file without uid",
    event: mutated("open", (e) => delete e.file.uid),
    pointer: "/file/uid",
    message: 'missing required property "uid"',
  },
  {
    name: "destination without uid",
    event: mutated("rename", (e) => delete e.file.destination.uid),
    pointer: "/file/destination/uid",
    message: 'missing required property "uid"',
  },
  {
    name: "ancestor without uid",
    event: mutated("process-tree", (e) => delete e.process.ancestors[3].uid),
    pointer: "/process/ancestors/3/uid",
    message: 'missing required property "uid"',
  },
  {
    name: "executable without uid",
    event: mutated("selinux", (e) => delete e.process.executable.uid),
    pointer: "/process/executable/uid",
    message: 'missing required property "uid"',
  },
  {
    name: "bpf without cmd",
    event: mutated("bpf", (e) => delete e.bpf.cmd),
    pointer: "/bpf/cmd",
    message: 'missing required property "cmd"',
  },
  {
    name: "credentials without cap_permitted",
    event: mutated("bpf", (e) => delete e.process.credentials.cap_permitted),
    pointer: "/process/credentials/cap_permitted",
    message: 'missing required property "cap_permitted"',
  },
  // A bad date.
  {
    name: "date in words",
    event: mutated("exec", (e) => (e.date = "yesterday")),
    pointer: "/date",
    message: 'must match format "date-time", got the string "yesterday"',
  },
  {
    name: "date without a time zone",
    event: mutated("open", (e) => (e.date = "2026-11-24T10:16:42")),
    pointer: "/date",
    message: 'must match format "date-time", got the string "2026-11-24T10:16:42"',
  },
  {
    name: "a 30th of February",
    event: mutated("rename", (e) => (e.file.destination.modification_time = "2026-02-30T10:00:00Z")),
    pointer: "/file/destination/modification_time",
    message: 'must match format "date-time", got the string "2026-02-30T10:00:00Z"',
  },
  {
    name: "an ancestor's fork time at hour 25",
    event: mutated("process-tree", (e) => (e.process.ancestors[1].fork_time = "2026-11-24T25:58:40Z")),
    pointer: "/process/ancestors/1/fork_time",
    message: 'must match format "date-time", got the string "2026-11-24T25:58:40Z"',
  },
];
