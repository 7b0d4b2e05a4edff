/**
 * Deterministic synthetic schemas shaped like the seed: draft-04, `definitions`
 * of objects with 5 to 25 properties (strings, integers, booleans, date-time
 * strings, string arrays, `$ref`s with a sibling description, arrays of `$ref`s),
 * some `required` lists, `additionalProperties: false`, and a root object that
 * refers to some of them. Same size, same bytes, on any machine.
 *
 * - syntheticSchema: references at most two deep (three tiers);
 * - deepSyntheticSchema: references form a deep DAG, every definition reachable
 *   from the root, like the real ProcessContext → ProcessCacheEntry → File chains.
 */

/** mulberry32: a small seeded PRNG, enough for reproducible shapes. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  "process",
  "file",
  "user",
  "group",
  "container",
  "mount",
  "inode",
  "credentials",
  "network",
  "device",
  "signal",
  "module",
  "syscall",
  "policy",
  "rule",
  "session",
  "namespace",
  "cgroup",
  "socket",
  "address",
];

export function syntheticSchema(definitions: number, seed = 42): Record<string, unknown> {
  const random = prng(seed + definitions);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const name = (i: number) => `${pick(WORDS)[0]!.toUpperCase()}${pick(WORDS).slice(1)}Context${String(i).padStart(5, "0")}`;
  const names = Array.from({ length: definitions }, (_, i) => name(i));
  // Three tiers, like the seed (FileEvent → File, ProcessContext → ProcessCacheEntry → File):
  // every fourth definition is a leaf (no $ref), the next one refers to leaves only,
  // the others to leaves and to that middle tier. References stay at most two deep.
  const tier = (i: number) => (i % 4 === 0 ? 0 : i % 4 === 1 ? 1 : 2);
  const below = (t: number) => names.filter((_, i) => tier(i) < t);
  const targets = [[], below(1), below(2)] as string[][];

  const defs: Record<string, unknown> = {};
  names.forEach((def, index) => {
    const pool = targets[tier(index)]!;
    const ref = () => `#/definitions/${pick(pool)}`;
    const count = 5 + Math.floor(random() * 21);
    const properties: Record<string, unknown> = {};
    const required: string[] = [];
    for (let p = 0; p < count; p++) {
      const prop = `${pick(WORDS)}_${p}`;
      const description = `${pick(WORDS)} ${pick(WORDS)} of the ${pick(WORDS)}`;
      const kind = Math.floor(random() * 8);
      properties[prop] =
        kind === 0
          ? { type: "string", description }
          : kind === 1
            ? { type: "integer", description }
            : kind === 2
              ? { type: "boolean", description }
              : kind === 3
                ? { type: "string", description, format: "date-time" }
                : kind === 4
                  ? { items: { type: "string" }, type: "array", description }
                  : kind === 5 && pool.length > 0
                    ? { $ref: ref(), description }
                    : kind === 6 && pool.length > 0
                      ? { items: { $ref: ref() }, type: "array", description }
                      : { type: "string" };
      if (random() < 0.15) required.push(prop);
    }
    defs[def] = { ...(required.length > 0 ? { required } : {}), properties, additionalProperties: false, type: "object" };
  });
  const rootProperties: Record<string, unknown> = {};
  for (let i = 0; i < Math.min(20, definitions); i++) rootProperties[`field_${i}`] = { $ref: `#/definitions/${names[i]}` };
  return rootSchema(rootProperties, defs);
}

/**
 * A deterministic schema whose references form a deep DAG: definition i refers to
 * definitions after it only (so no cycle), to 3i+1, 3i+2 and 3i+3 (so every
 * definition is reachable from the root, which refers to the first), and to one or
 * two others further on, mostly near (chains: each step a few definitions later).
 * Otherwise shaped like syntheticSchema's definitions: 5 to 25 properties of the
 * same kinds, descriptions, some `required`, `additionalProperties: false`.
 */
export function deepSyntheticSchema(definitions: number, seed = 42): Record<string, unknown> {
  const random = prng(seed * 7919 + definitions);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const name = (i: number) => `${pick(WORDS)[0]!.toUpperCase()}${pick(WORDS).slice(1)}Context${String(i).padStart(5, "0")}`;
  const names = Array.from({ length: definitions }, (_, i) => name(i));
  const defs: Record<string, unknown> = {};
  names.forEach((def, i) => {
    const targets: number[] = [3 * i + 1, 3 * i + 2, 3 * i + 3].filter((j) => j < definitions);
    const later = definitions - i - 1;
    const extra = later > 0 ? 1 + Math.floor(random() * 2) : 0;
    // Mostly near: the square of a uniform number favours small steps.
    for (let e = 0; e < extra; e++) targets.push(i + 1 + Math.floor(random() ** 2 * later));
    const properties: Record<string, unknown> = {};
    const required: string[] = [];
    const description = () => `${pick(WORDS)} ${pick(WORDS)} of the ${pick(WORDS)}`;
    const count = 5 + Math.floor(random() * 21);
    for (let p = 0; p < count; p++) {
      const prop = `${pick(WORDS)}_${p}`;
      const kind = Math.floor(random() * 6);
      properties[prop] =
        kind === 0
          ? { type: "string", description: description() }
          : kind === 1
            ? { type: "integer", description: description() }
            : kind === 2
              ? { type: "boolean", description: description() }
              : kind === 3
                ? { type: "string", description: description(), format: "date-time" }
                : kind === 4
                  ? { items: { type: "string" }, type: "array", description: description() }
                  : { type: "string" };
      if (random() < 0.15) required.push(prop);
    }
    targets.forEach((j, t) => {
      const ref = { $ref: `#/definitions/${names[j]}` };
      properties[`${pick(WORDS)}_ref_${t}`] =
        random() < 0.25 ? { items: ref, type: "array", description: description() } : { ...ref, description: description() };
    });
    defs[def] = { ...(required.length > 0 ? { required } : {}), properties, additionalProperties: false, type: "object" };
  });
  const rootProperties: Record<string, unknown> = {};
  if (definitions > 0) rootProperties.event = { $ref: `#/definitions/${names[0]}` };
  for (let i = 1; i < Math.min(10, definitions); i++) rootProperties[`field_${i}`] = { $ref: `#/definitions/${names[i]}` };
  return rootSchema(rootProperties, defs);
}

/** The root of a synthetic schema: its properties (and a `date`), closed, over the definitions. */
function rootSchema(properties: Record<string, unknown>, definitions: Record<string, unknown>): Record<string, unknown> {
  return {
    $schema: "http://json-schema.org/draft-04/schema#",
    properties: { ...properties, date: { type: "string", format: "date-time" } },
    additionalProperties: false,
    type: "object",
    definitions,
  };
}
