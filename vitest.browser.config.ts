import { defineConfig } from "vitest/config";

/**
 * `npm run preview-check`: the preview through real Hugo and Chromium (test/browser/), which `npm test`
 * does not run: CI installs both after it (.ci/run). `$HUGO` names the Hugos, as for the publication check.
 */
export default defineConfig({
  test: {
    include: ["test/browser/**/*.test.ts"],
    // The same temporary cache and state folders as `npm test`'s runs.
    globalSetup: ["test/global-setup.ts"],
    // Timeouts catch hangs, not slowness: a browser, Hugo and the CLI on a machine three times slower than this one.
    testTimeout: 900_000,
    hookTimeout: 300_000,
    pool: "forks",
    // One Hugo at a time: each test starts a server and a browser page.
    fileParallelism: false,
  },
});
