/** Real paths (symbolic links resolved) of places that may not exist yet. */
import { realpath } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** The real path of a folder, or of its nearest existing parent followed by the rest. */
export async function realExisting(dir: string): Promise<string> {
  try {
    return await realpath(dir);
  } catch {
    const parent = dirname(dir);
    return parent === dir ? dir : join(await realExisting(parent), basename(dir));
  }
}
