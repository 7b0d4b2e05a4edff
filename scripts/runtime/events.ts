/**
 * `cws-docgen/events`: the CWS backend event for apps that read it. Every type
 * generated from the master schema, a type guard and a validator compiled from
 * that same schema at build time (Ajv standalone code: no schema is compiled at
 * run time), and the schema itself as data.
 *
 *   import { validateBackendEvent, type BackendEvent } from "cws-docgen/events";
 */
import type { BackendEvent } from "../../generated/backend-event.js";
import { schema, validate } from "../../generated/backend-event.validator.js";
import { createValidator, type ValidationResult } from "./validation.js";

export * from "../../generated/backend-event.js";
export type { ValidationError, ValidationResult } from "./validation.js";

/** The master schema (draft-04) the types and the validator come from, as one JSON document. */
export { schema };

const backendEvent = createValidator<BackendEvent>(validate);

/** True when `value` is a valid CWS backend event (every format, such as `date-time`, checked). */
export function isBackendEvent(value: unknown): value is BackendEvent {
  return backendEvent.is(value);
}

/**
 * Validates an untrusted value: `{ valid: true, event }` (the same object, typed),
 * or `{ valid: false, errors }` with every error as `{ pointer, message }`, the
 * pointer being that of the offending value (of the property itself when it is
 * missing or unknown, e.g. `/process/uid`).
 */
export function validateBackendEvent(value: unknown): ValidationResult<BackendEvent> {
  return backendEvent.validate(value);
}
