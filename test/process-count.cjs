/**
 * Preloaded into every Node process the test suite starts (NODE_OPTIONS, test/global-setup.ts): appends the
 * process's id to the suite's log, so that the suite can say how many it started. A process that cannot
 * write there (another user's) is not counted, and goes on.
 */
try {
  require("node:fs").appendFileSync(process.env.CWS_DOCGEN_TEST_PROCESS_LOG, `${process.pid}\n`);
} catch {}
