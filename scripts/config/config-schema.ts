/**
 * The JSON Schema of cws-docgen.config.json. Ajv compiles it ahead of time
 * (scripts/dev/build-config-shape.ts → scripts/config/config-shape.generated.ts,
 * written by every build), so reading a config costs no schema compilation at
 * run time; the build also writes it as config.schema.json (committed), which the package ships for editors
 * (`"$schema": "./node_modules/cws-docgen/config.schema.json"`).
 */
import { FRONT_MATTER_SCHEMA, PAGE_FIELDS_SCHEMA } from "./page-fields.js";

/** npm's rules for a package name (lower case, URL-safe, optionally scoped). */
const PACKAGE_NAME_PATTERN = "^(?:@[a-z0-9-~][a-z0-9-._~]*/)?[a-z0-9-~][a-z0-9-._~]*$";

/** One line of text: no control character, no line or paragraph separator. */
const ONE_LINE = "^[^\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029]*$";

/**
 * A licence as package.json writes one: an SPDX expression (`MIT`, `(MIT OR Apache-2.0)`,
 * `LicenseRef-x`), `UNLICENSED` or `SEE LICENSE IN FILE`: letters, digits and `.+-:()` and spaces.
 */
const PACKAGE_LICENSE_PATTERN = "^[A-Za-z0-9(][A-Za-z0-9.+:() -]*$";

/**
 * The package's repository: an http(s), git or ssh URL (`git+` in front allowed), of the
 * characters a URL needs and none that could end a Markdown link or open anything in the README
 * (no space, quote, bracket, parenthesis, `<`, `>`, brace, backslash or non-ASCII: percent-encode them).
 */
const PACKAGE_REPOSITORY_PATTERN = "^(?:git\\+)?(?:https?|git|ssh)://[A-Za-z0-9._~:/?#@!$&*+,;=%-]+$";

/** A semantic version (semver.org 2.0.0). */
const PACKAGE_VERSION_PATTERN =
  "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$";

export const CONFIG_SCHEMA = {
  title: "cws-docgen config (cws-docgen.config.json)",
  description: "Which pages cws-docgen builds, from which schema and template, to which outputs. Paths are relative to the config file.",
  type: "object",
  additionalProperties: false,
  required: ["pages"],
  properties: {
    $schema: { type: "string", description: "This file's JSON Schema, for editors: ./node_modules/cws-docgen/config.schema.json" },
    pages: {
      type: "array",
      minItems: 1,
      description: "The pages to build, each from one schema.",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "schema", "docs"],
        // A page without types (an attributes page, whose types are its reference page's) emits none of what comes from them.
        dependencies: { validator: ["types"], attributes: ["types"], package: ["types"] },
        properties: {
          name: { type: "string", pattern: "^[A-Za-z0-9._-]+$", description: "The page's name, for --page and messages." },
          schema: { type: "string", minLength: 1, description: "The JSON Schema of the events." },
          template: { type: "string", minLength: 1, description: "The Handlebars template of the page (default: the built-in one)." },
          docs: { type: "string", minLength: 1, description: "Where the Markdown page goes." },
          types: {
            type: "string",
            minLength: 1,
            description:
              "Where the TypeScript types go (a .ts file). Required, but on a page with a reference (whose types are that page's).",
          },
          reference: {
            type: "string",
            pattern: "^[A-Za-z0-9._-]+$",
            description:
              "The name of another page of this config, built from the same schema, whose definitions this page's links point to (the attributes template's).",
          },
          validator: {
            type: "string",
            pattern: "\\.m?ts$",
            description: "Where the validator goes (default: next to the types, X.ts → X.validator.ts).",
          },
          attributes: {
            type: "string",
            pattern: "\\.json$",
            description: "Where the attribute index goes (a .json file): every attribute path an event can carry (default: none).",
          },
          rootType: { type: "string", pattern: "^[A-Za-z_$][A-Za-z0-9_$]*$", description: "The root type's name (default BackendEvent)." },
          title: { type: "string", description: "The page's front matter title." },
          description: { type: "string", description: "The page's front matter description." },
          frontMatter: FRONT_MATTER_SCHEMA,
          allowReservedKeys: {
            type: "array",
            uniqueItems: true,
            items: { enum: ["kind", "path", "lang"] },
            description:
              "Front matter keys that Hugo 0.123 and later read themselves (kind, path, lang) which this page writes on purpose, for an older Hugo: the lint does not warn about them.",
          },
          literalPunctuation: {
            type: "boolean",
            description: "Write quotes, -- and ... of the schema's text as entities (default false).",
          },
          fields: PAGE_FIELDS_SCHEMA,
          package: {
            type: "object",
            additionalProperties: false,
            required: ["dir", "name", "version"],
            description: "Also emit a dependency-free events package for consumers: types, type guard, validator and schema.",
            properties: {
              dir: { type: "string", minLength: 1, description: "The package's folder, e.g. generated/events." },
              name: { type: "string", maxLength: 214, pattern: PACKAGE_NAME_PATTERN, description: "Its package.json name." },
              version: { type: "string", pattern: PACKAGE_VERSION_PATTERN, description: "Its package.json version." },
              description: {
                type: "string",
                minLength: 1,
                maxLength: 500,
                pattern: ONE_LINE,
                description: "Its package.json description (default: the page's title, and what the package holds).",
              },
              keywords: {
                type: "array",
                maxItems: 50,
                items: { type: "string", minLength: 1, maxLength: 100, pattern: ONE_LINE },
                description: "Its package.json keywords (default: none).",
              },
              license: {
                type: "string",
                maxLength: 200,
                pattern: PACKAGE_LICENSE_PATTERN,
                description: "Its package.json license: an SPDX expression, UNLICENSED or SEE LICENSE IN FILE (default: none).",
              },
              repository: {
                type: "string",
                maxLength: 500,
                pattern: PACKAGE_REPOSITORY_PATTERN,
                description:
                  "Its package.json repository, an http(s), git or ssh URL; the README links to it when it is http(s) (default: none, and no link).",
              },
              engines: {
                type: "object",
                maxProperties: 20,
                propertyNames: { pattern: "^[a-z0-9][a-z0-9._-]*$", maxLength: 50 },
                additionalProperties: { type: "string", minLength: 1, maxLength: 200, pattern: ONE_LINE },
                description:
                  'Its package.json engines (default: {"node": "^20.19.0 || >=22.12.0"}, the Node versions whose require() loads it from CommonJS).',
              },
              publishConfig: {
                type: "object",
                additionalProperties: false,
                description: "Its package.json publishConfig: how `npm publish` publishes it (default: none).",
                properties: {
                  access: { enum: ["public", "restricted"], description: "public, or restricted (a scoped package's default)." },
                  registry: {
                    type: "string",
                    maxLength: 500,
                    pattern: "^https://[A-Za-z0-9._~:/?#@!$&*+,;=%-]+$",
                    description: "The registry it is published to (https).",
                  },
                  tag: { type: "string", pattern: "^[A-Za-z][A-Za-z0-9._-]{0,99}$", description: "The dist-tag it is published under." },
                  provenance: { type: "boolean", description: "Publish with a provenance statement." },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;
