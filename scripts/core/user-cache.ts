/** The user's cache folder (the build cache's last resort, and the home of the V8 code cache). */
import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";

/** The user's cache folder for cws-docgen, by the platform's convention. */
export function userCacheDir(env: Record<string, string | undefined> = process.env, platform: string = process.platform): string {
  const home = env.HOME || homedir();
  if (platform === "win32") return join(env.LOCALAPPDATA || join(home, "AppData", "Local"), "cws-docgen", "Cache");
  if (platform === "darwin") return join(home, "Library", "Caches", "cws-docgen");
  // XDG: a relative XDG_CACHE_HOME is invalid and ignored.
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, ".cache"), "cws-docgen");
}
