/**
 * The GitHub Action (action.yml) run as a runner runs a composite action: each `run:` step's script
 * with `bash --noprofile --norc -eo pipefail` in the workspace, its `env:` with `${{ inputs.x }}` and
 * `${{ github.x }}` replaced by the inputs and a fake pull-request context, GITHUB_STEP_SUMMARY a
 * file; a step runs when its `if:` says so. The expressions this evaluates are the few the action
 * uses, and any other fails rather than being guessed. Used by test/e2e/action.test.ts and by the new
 * user's walk-through.
 */
import { execFile } from "node:child_process";
import { load } from "js-yaml";
import { join, readFile, ROOT, tempDir, writeFile } from "./helpers.js";

interface Step {
  name?: string;
  if?: string;
  shell?: string;
  env?: Record<string, string>;
  run?: string;
  uses?: string;
}
export interface Action {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: Step[] };
}

export const action = load(await readFile(join(ROOT, "action.yml"), "utf8")) as Action;

/** The fake `github` context: a pull request whose base is `base` on branch main. */
export function githubContext(base: string): Record<string, unknown> {
  return { base_ref: "main", event: { pull_request: { base: { sha: base } } }, workspace: "" };
}

/** `${{ EXPR }}` in a value, replaced: `inputs.NAME` by the input (or its default), `github.A.B` by the context's value ("" when absent). */
function expand(value: string, inputs: Record<string, string>, github: Record<string, unknown>): string {
  return value.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expr: string) => {
    const input = /^inputs\.([\w-]+)$/.exec(expr);
    if (input) {
      const spec = action.inputs[input[1]!];
      if (!spec) throw new Error(`action.yml uses an input it does not declare: ${expr}`);
      return inputs[input[1]!] ?? spec.default ?? "";
    }
    if (expr.startsWith("github.")) {
      let v: unknown = github;
      for (const key of expr.slice("github.".length).split(".")) v = (v as Record<string, unknown> | undefined)?.[key];
      return v === undefined || v === null ? "" : String(v);
    }
    throw new Error(`the test does not evaluate \${{ ${expr} }}`);
  });
}

/** Whether a step runs, after steps that all succeeded or not: the conditions the action uses. */
function runs(step: Step, failedBefore: boolean): boolean {
  if (step.if === undefined) return !failedBefore;
  if (/^\$\{\{\s*!cancelled\(\)\s*\}\}$/.test(step.if)) return true;
  throw new Error(`the test does not evaluate if: ${step.if}`);
}

export interface ActionRun {
  /** Each step that ran: its name and exit code. */
  steps: { name: string; code: number }[];
  failed: boolean;
  log: string;
  summary: string;
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], { cwd, env }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, output: stdout + stderr }),
    );
  });
}

/**
 * Runs the action's steps in `workspace` as a runner does. `only`: just the steps whose name starts
 * with it, as if the others had passed (a test of one step's handling, without running the rest).
 */
export async function runAction(
  workspace: string,
  inputs: Record<string, string>,
  github: Record<string, unknown>,
  only?: string,
): Promise<ActionRun> {
  const temp = await tempDir("cws-docgen-runner-");
  try {
    const summary = join(temp.dir, "step_summary.md");
    await writeFile(summary, "");
    const result: ActionRun = { steps: [], failed: false, log: "", summary: "" };
    for (const [i, step] of action.runs.steps.entries()) {
      if (only !== undefined && !step.name?.startsWith(only)) continue;
      if (!runs(step, result.failed)) continue;
      const script = join(temp.dir, `step-${i}.sh`);
      await writeFile(script, step.run ?? "");
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        CI: "true",
        GITHUB_ACTIONS: "true",
        GITHUB_WORKSPACE: workspace,
        GITHUB_STEP_SUMMARY: summary,
        RUNNER_TEMP: temp.dir,
      };
      for (const [k, v] of Object.entries(step.env ?? {})) env[k] = expand(String(v), inputs, github);
      const r = await bash(script, workspace, env);
      result.steps.push({ name: step.name ?? `step ${i}`, code: r.code });
      result.log += r.output;
      if (r.code !== 0) result.failed = true;
    }
    result.summary = await readFile(summary, "utf8");
    return result;
  } finally {
    await temp.cleanup();
  }
}
