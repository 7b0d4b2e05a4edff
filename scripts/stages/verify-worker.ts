/**
 * The TypeScript thread (verify-thread.ts): loads the TypeScript compiler at once, then runs
 * the tasks the build sends it (stage 10's `emitPackage`, stage 11's checks) and answers each.
 */
import { parentPort } from "node:worker_threads";
import { emitPackage } from "./emit-package.js";
import { loadTypeScript, saveTypeScriptCodeCache } from "../core/typescript.js";
import { verifyJob } from "./verify.js";
import { type ThreadReply, type ThreadTask, threadError } from "./verify-thread.js";

const ts = loadTypeScript();

parentPort!.on("message", (message: ThreadTask) => {
  let reply: ThreadReply;
  try {
    const result =
      message.task === "package"
        ? emitPackage({ ...message.options, schema: JSON.parse(message.schemaJson) }, ts)
        : verifyJob(ts, message.job);
    reply = { id: message.id, ok: true, result };
  } catch (err) {
    reply = { id: message.id, ok: false, error: threadError(err) };
  }
  // Before the answer, once: the thread may end with the build.
  if (message.task === "verify") saveTypeScriptCodeCache();
  parentPort!.postMessage(reply);
});
