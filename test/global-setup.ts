/** The CLI tests run the built CLI (dist/) as a subprocess: make sure it is current (esbuild, when a source changed). */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  const root = fileURLToPath(new URL("..", import.meta.url));
  execFileSync(process.execPath, ["scripts/dev/build.mjs", "--if-stale"], { cwd: root, stdio: "inherit" });
}
