export interface ValidationError {
    /** RFC 6901 JSON pointer of the offending value in the input ("" for the input itself). */
    pointer: string;
    /** What is wrong there, in words. */
    message: string;
}
export type ValidationResult<T> = {
    valid: true;
    event: T;
} | {
    valid: false;
    errors: ValidationError[];
};
/** An error as Ajv reports it (the fields used here). */
export interface AjvErrorLike {
    instancePath: string;
    keyword: string;
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
export declare function createValidator<T>(generated: GeneratedValidate<T>): Validator<T>;
/** Ajv's errors as pointers and messages, in Ajv's order, without duplicates. */
export declare function describeErrors(errors: readonly AjvErrorLike[], value: unknown): ValidationError[];
