/**
 * Validation for consumers: a generated validator (see stages/emit-validator.ts) wrapped
 * as a type guard and as a `validate` that returns the event, or every error as
 * the JSON pointer of the offending value and a readable message. For a missing
 * or an unknown property the pointer is that of the property itself
 * (`/process/uid`), not of the object that holds it.
 *
 * A message quotes keys and values of the event as JSON strings with every invisible character
 * escaped (`stringLiteral`), and holds no raw line break, control or bidirectional character at
 * all (`printable`, for what Ajv writes from the schema): an app that logs it logs one honest line.
 * The pointer is the data's own, unescaped: it locates the value.
 */
import { stringLiteral } from "../core/js-escape.js";
import { pointerToken, printable } from "../core/problems.js";
import { getAtPointer } from "../core/schema-walk.js";

export interface ValidationError {
  /** RFC 6901 JSON pointer of the offending value in the input ("" for the input itself). */
  pointer: string;
  /** What is wrong there, in words. */
  message: string;
}

export type ValidationResult<T> = { valid: true; event: T } | { valid: false; errors: ValidationError[] };

/** An error as Ajv reports it (the fields used here). */
export interface AjvErrorLike {
  instancePath: string;
  keyword: string;
  // biome-ignore lint/suspicious/noExplicitAny: the same type as Ajv\'s ErrorObject.params, which consumers pass on
  params: Record<string, any>;
  message?: string;
  propertyName?: string;
}

/** A validator as emitted by cws-docgen (Ajv standalone code): a type guard that leaves its errors on `.errors`. */
export interface GeneratedValidate<T> {
  (data: unknown): data is T;
  errors?: readonly AjvErrorLike[] | null;
}

export interface Validator<T> {
  /** True when `value` is valid against the schema. */
  is(value: unknown): value is T;
  /** `{ valid: true, event }` (the same object, now typed), or `{ valid: false, errors }` with every error. */
  validate(value: unknown): ValidationResult<T>;
}

/** Wraps a generated validator (`validate` from a `*.validator.ts` module) into `is` and `validate`. */
export function createValidator<T>(generated: GeneratedValidate<T>): Validator<T> {
  return {
    is: (value: unknown): value is T => generated(value),
    validate(value: unknown): ValidationResult<T> {
      if (generated(value)) return { valid: true, event: value };
      return { valid: false, errors: describeErrors(generated.errors ?? [], value) };
    },
  };
}

/** Keywords about the value itself: their message says what the value was. */
const ABOUT_THE_VALUE = new Set([
  "type",
  "format",
  "enum",
  "const",
  "pattern",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minLength",
  "maxLength",
]);

/** Ajv's errors as pointers and messages, in Ajv's order, without duplicates. */
export function describeErrors(errors: readonly AjvErrorLike[], value: unknown): ValidationError[] {
  const out: ValidationError[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const d = describeError(e, value);
    const key = `${d.pointer}\u0000${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}

function describeError(e: AjvErrorLike, root: unknown): ValidationError {
  const d = describeErrorText(e, root);
  return { pointer: d.pointer, message: printable(d.message) };
}

function describeErrorText(e: AjvErrorLike, root: unknown): ValidationError {
  const at = e.instancePath;
  const child = (name: unknown) => `${at}/${pointerToken(String(name))}`;
  const p = e.params;
  switch (e.keyword) {
    case "required":
      return { pointer: child(p.missingProperty), message: `missing required property ${quoted(p.missingProperty)}` };
    case "dependencies":
    case "dependentRequired":
      return {
        pointer: child(p.missingProperty),
        message: `missing property ${quoted(p.missingProperty)}, required when ${quoted(p.property)} is present`,
      };
    case "additionalProperties":
      return {
        pointer: child(p.additionalProperty),
        message: `unknown property ${quoted(p.additionalProperty)}: the schema allows no other properties here`,
      };
    case "unevaluatedProperties":
      return {
        pointer: child(p.unevaluatedProperty),
        message: `unknown property ${quoted(p.unevaluatedProperty)}: the schema allows no other properties here`,
      };
    case "false schema":
      return { pointer: at, message: "is not allowed here" };
  }
  if (e.propertyName !== undefined) {
    return { pointer: child(e.propertyName), message: `property name ${quoted(e.propertyName)} ${e.message ?? "is invalid"}` };
  }
  let message =
    e.keyword === "enum" && Array.isArray(p.allowedValues)
      ? `must be one of ${p.allowedValues.map((v: unknown) => JSON.stringify(v)).join(", ")}`
      : (e.message ?? `is invalid (${e.keyword})`);
  if (ABOUT_THE_VALUE.has(e.keyword)) message += `, got ${describeInstance(getAtPointer(root, at))}`;
  return { pointer: at, message };
}

/** A key as the message quotes it: a JSON string, invisible characters escaped. */
function quoted(key: unknown): string {
  return stringLiteral(String(key));
}

function describeInstance(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  switch (typeof v) {
    case "string":
      return `the string ${stringLiteral(v.length > 60 ? `${v.slice(0, 57)}...` : v)}`;
    case "number":
      return `the number ${v}`;
    case "boolean":
      return String(v);
    case "object":
      return "an object";
    default:
      return typeof v;
  }
}
