/**
 * Which JSON Schema draft a schema is written in: the one stage that decides,
 * so that the validate stage (its meta-schema) and the runtime validator (its
 * Ajv class) always read a schema the same way.
 */
export type Draft = "draft-04" | "draft-06" | "draft-07" | "2019-09" | "2020-12";

/** `$schema` URIs (scheme, trailing `#` and empty fragment ignored) → draft. */
const DRAFT_URIS: Record<string, Draft> = {
  "json-schema.org/draft-04/schema": "draft-04",
  "json-schema.org/draft-06/schema": "draft-06",
  "json-schema.org/draft-07/schema": "draft-07",
  "json-schema.org/draft/2019-09/schema": "2019-09",
  "json-schema.org/draft/2020-12/schema": "2020-12",
};

/** The draft a `$schema` value names; undefined when it names none that cws-docgen knows. */
export function draftOf(uri: unknown): Draft | undefined {
  return typeof uri === "string" ? DRAFT_URIS[uri.replace(/^https?:\/\//, "").replace(/#$/, "")] : undefined;
}

/** The draft a root schema is read in: the one it declares; without `$schema`, 2020-12 when it has `$defs`, else draft-07. */
export function rootDraftOf(root: Record<string, unknown>): Draft {
  return draftOf(root.$schema) ?? ("$defs" in root ? "2020-12" : "draft-07");
}
