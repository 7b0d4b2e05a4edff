/**
 * Type-level tests of cws-docgen/events and of the package root: checked by tsc
 * (`npm run typecheck`, part of `npm test`); the runtime half makes sure the
 * values the types talk about exist.
 */
import { describe, expectTypeOf, it, expect } from "vitest";
import * as api from "../../../scripts/index.js";
import {
  isBackendEvent,
  schema,
  validateBackendEvent,
  type BackendEvent,
  type BPFEvent,
  type BPFMap,
  type BPFProgram,
  type ContainerContext,
  type DDContext,
  type EventContext,
  type File,
  type FileEvent,
  type ProcessCacheEntry,
  type ProcessContext,
  type ProcessCredentials,
  type SELinuxBoolChange,
  type SELinuxBoolCommit,
  type SELinuxEnforceStatus,
  type SELinuxEvent,
  type UserContext,
  type ValidationError,
  type ValidationResult,
} from "../../../scripts/runtime/events.js";
import exec from "../../fixtures/events/exec.json" with { type: "json" };
import processTree from "../../fixtures/events/process-tree.json" with { type: "json" };
import rename from "../../fixtures/events/rename.json" with { type: "json" };

describe("cws-docgen/events types", () => {
  it("isBackendEvent is a type guard for BackendEvent", () => {
    expectTypeOf(isBackendEvent).guards.toEqualTypeOf<BackendEvent>();
    expectTypeOf(isBackendEvent).parameter(0).toEqualTypeOf<unknown>();
    const value: unknown = exec;
    if (isBackendEvent(value)) expectTypeOf(value.process).toEqualTypeOf<ProcessContext | undefined>();
    expect(isBackendEvent(value)).toBe(true);
  });

  it("validateBackendEvent returns { valid: true, event } | { valid: false, errors }", () => {
    expectTypeOf(validateBackendEvent).parameter(0).toEqualTypeOf<unknown>();
    expectTypeOf(validateBackendEvent).returns.toEqualTypeOf<ValidationResult<BackendEvent>>();
    expectTypeOf<ValidationResult<BackendEvent>>().toEqualTypeOf<
      { valid: true; event: BackendEvent } | { valid: false; errors: ValidationError[] }
    >();
    expectTypeOf<ValidationError>().toEqualTypeOf<{ pointer: string; message: string }>();
    const result = validateBackendEvent(rename);
    if (result.valid) {
      expectTypeOf(result.event).toEqualTypeOf<BackendEvent>();
      expectTypeOf(result.event.file?.destination).toEqualTypeOf<File | undefined>();
      // @ts-expect-error a valid result has no errors
      void result.errors;
    } else {
      expectTypeOf(result.errors).toEqualTypeOf<ValidationError[]>();
      // @ts-expect-error an invalid result has no event
      void result.event;
    }
    expect(result.valid).toBe(true);
  });

  it("exports every generated type, related as the schema relates them", () => {
    expectTypeOf<BackendEvent>().toEqualTypeOf<{
      evt?: EventContext;
      file?: FileEvent;
      selinux?: SELinuxEvent;
      bpf?: BPFEvent;
      usr?: UserContext;
      process?: ProcessContext;
      dd?: DDContext;
      container?: ContainerContext;
      date?: string;
    }>();
    expectTypeOf<BPFEvent["map"]>().toEqualTypeOf<BPFMap | undefined>();
    expectTypeOf<BPFEvent["program"]>().toEqualTypeOf<BPFProgram | undefined>();
    expectTypeOf<ProcessContext["ancestors"]>().toEqualTypeOf<ProcessCacheEntry[] | undefined>();
    expectTypeOf<ProcessContext["credentials"]>().toEqualTypeOf<ProcessCredentials | undefined>();
    expectTypeOf<SELinuxEvent>().toEqualTypeOf<{
      bool?: SELinuxBoolChange;
      enforce?: SELinuxEnforceStatus;
      bool_commit?: SELinuxBoolCommit;
    }>();
    expectTypeOf<FileEvent["uid"]>().toEqualTypeOf<number>();
  });

  it("the hand-written events are BackendEvents to the type checker too", () => {
    expectTypeOf(exec).toExtend<BackendEvent>();
    expectTypeOf(processTree).toExtend<BackendEvent>();
    expectTypeOf(rename).toExtend<BackendEvent>();
    expectTypeOf({ process: { uid: "0", gid: 0 } }).not.toExtend<BackendEvent>();
  });

  it("the schema is data, typed literally", () => {
    expectTypeOf(schema.$schema).toEqualTypeOf<"http://json-schema.org/draft-04/schema#">();
    expectTypeOf(schema.definitions.ProcessCredentials.required).toEqualTypeOf<
      readonly ["uid", "gid", "euid", "egid", "fsuid", "fsgid", "cap_effective", "cap_permitted"]
    >();
    expect(schema.definitions.ProcessCredentials.required).toContain("cap_permitted");
  });
});

describe("the programmatic API types", () => {
  it("generate and check take the CLI's overrides and return typed results", () => {
    expectTypeOf(api.generate).parameter(0).toEqualTypeOf<api.Overrides | undefined>();
    expectTypeOf(api.generate).returns.resolves.toEqualTypeOf<api.GenerateResult>();
    expectTypeOf(api.check).returns.resolves.toEqualTypeOf<api.CheckResult>();
    expectTypeOf<api.Overrides>().toHaveProperty("validatorOut").toEqualTypeOf<string | undefined>();
    expectTypeOf(api.buildPage).parameter(0).toEqualTypeOf<api.PageConfig>();
    expectTypeOf<api.BuiltPage["validator"]>().toEqualTypeOf<api.Output | undefined>();
    expectTypeOf<api.StaleOutput>().toEqualTypeOf<{ file: string; status: "stale" | "missing"; diff: string }>();
    expectTypeOf<api.DocgenError["problems"]>().toEqualTypeOf<api.Problem[]>();
    expect(typeof api.generate).toBe("function");
  });

  it("createValidator wraps any generated validator", () => {
    type Node = { name: string };
    const generated = ((value: unknown) => typeof value === "object") as api.GeneratedValidate<Node>;
    const v = api.createValidator(generated);
    expectTypeOf(v).toEqualTypeOf<api.Validator<Node>>();
    expectTypeOf(v.validate).returns.toEqualTypeOf<api.ValidationResult<Node>>();
    expectTypeOf(v.is).guards.toEqualTypeOf<Node>();
  });
});
