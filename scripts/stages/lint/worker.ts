/** A lint worker thread: parses the chunks it is given and posts back what it found, in order. */
import { parentPort, workerData } from "node:worker_threads";
import { type Chunk, parseChunk } from "./chunk.js";

parentPort!.postMessage((workerData as Chunk[]).map(parseChunk));
