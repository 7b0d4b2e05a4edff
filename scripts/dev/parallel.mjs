/**
 * `node scripts/dev/parallel.mjs typecheck lint:format …`: runs package.json scripts at once and waits
 * for all of them (npm test runs the type check beside each linter and `check`: each is mostly one
 * process on one core, so on two cores they take about half their sum). Each script's command runs
 * as npm runs it (a shell, with node_modules/.bin first on the PATH), without an npm process per
 * script. Each script's output is printed whole, in the order given, when it is done; the exit code
 * is the first failing script's, or 0.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
const scripts = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts;
const names = process.argv.slice(2);
const env = { ...process.env, PATH: [join(ROOT, "node_modules/.bin"), process.env.PATH].join(delimiter) };
const runs = names.map(
  (name) =>
    new Promise((resolve) => {
      const command = scripts[name];
      if (typeof command !== "string") {
        resolve({ name, code: 1, out: [Buffer.from(`no script ${name} in package.json\n`)] });
        return;
      }
      const child = spawn(command, { cwd: ROOT, env, shell: true, stdio: ["ignore", "pipe", "pipe"] });
      const out = [];
      child.stdout.on("data", (d) => out.push(d));
      child.stderr.on("data", (d) => out.push(d));
      child.on("error", (err) => resolve({ name, code: 1, out: [Buffer.from(`${err.message}\n`)] }));
      child.on("close", (code, signal) => resolve({ name, code: code ?? (signal ? 1 : 0), out }));
    }),
);
let exit = 0;
for (const run of runs) {
  const { name, code, out } = await run;
  process.stdout.write(Buffer.concat(out));
  if (code !== 0) {
    process.stderr.write(`npm run ${name}: exit ${code}\n`);
    if (exit === 0) exit = code;
  }
}
process.exitCode = exit;
