#!/usr/bin/env node
/**
 * The `cws-docgen` executable (dist/cli.js): runs the command line and ends the process with its
 * code, or by the signal that stopped a write. main.ts only defines the commands (run.ts runs them), so that they can
 * be read without running them (the guides' `--help` region).
 */
import { main } from "./run.js";

const end = await main(process.argv.slice(2));
process.exitCode = end.code;
if (end.signal) process.kill(process.pid, end.signal);
