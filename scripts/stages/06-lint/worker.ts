/** A lint worker thread: parses the chunks it is given and posts back what it found, in order. */
import { parentPort, workerData } from "node:worker_threads";
import { parseChunk } from "./chunk.js";
import type { Chunk } from "./lint.js";

parentPort!.postMessage((workerData as Chunk[]).map(parseChunk));
