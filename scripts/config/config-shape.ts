/** The config's shape check, compiled ahead of time from config-schema.ts (by the build: scripts/dev/build-config-shape.ts), typed. */
import type { ErrorObject } from "ajv";
import generated from "./config-shape.generated.js";

export const matchesConfigShape = generated as unknown as ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
