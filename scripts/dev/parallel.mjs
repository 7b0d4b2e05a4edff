/**
 * `node scripts/dev/parallel.mjs typecheck lint`: runs npm scripts at once and
 * waits for all of them (npm test runs the type check beside the lint: each is
 * one process, mostly on one core, so together they take the longer one's time).
 * Each script's output is printed whole, in the order given, when it is done;
 * the exit code is the first failing script's, or 0.
 */
import { spawn } from "node:child_process";

const names = process.argv.slice(2);
const runs = names.map(
  (name) =>
    new Promise((resolve) => {
      const child = spawn("npm", ["run", "-s", name], { shell: process.platform === "win32", stdio: ["ignore", "pipe", "pipe"] });
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
