/** The ahead-of-time compiled validator of the config (see config-schema.ts), typed. */
import type { ErrorObject } from "ajv";
// @ts-ignore -- generated, untyped JavaScript in a .ts file
import generated from "./config-shape.generated.js";

export const validateConfig = generated as unknown as ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
