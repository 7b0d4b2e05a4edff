import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The preview through real Hugo and Chromium is `npm run preview-check`'s (vitest.browser.config.ts).
    exclude: [...configDefaults.exclude, "test/browser/**"],
    globalSetup: ["test/global-setup.ts"],
    // Timeouts catch hangs, not slowness: a test waits on real subprocesses (the CLI, tsc, npm), and must
    // pass on a machine three times slower than this 2-core one (guides/performance.md has the run that showed it).
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: "forks",
    // The two forks run file after file without a fresh module graph each time: vitest's own imports and the
    // transformed sources load once per fork instead of once per file.
    // No test leaves global state behind: those that change the cwd, the environment or the timers put them back.
    isolate: false,
    // Two files at a time: most tests wait on a subprocess (the CLI, tsc), so two fit on two cores.
    maxWorkers: 2,
    // Golden files are vitest file snapshots (toMatchFileSnapshot): a missing or different one fails and
    // nothing is written, on any machine; `vitest run -u` rewrites them, to be read before committing.
    update: "none",
  },
});
