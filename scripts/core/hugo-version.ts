/** Hugo's version line, read for comparing releases (`preview` and the publication check need a recent enough Hugo). */

/** The release in a version line (`hugo v0.131.0+extended …` → [0, 131, 0]), for comparing. */
export function hugoRelease(version: string): [number, number, number] | undefined {
  const m = /\bv?(\d+)\.(\d+)\.(\d+)/.exec(version);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** Whether the Hugo of this version line is `release` (`0.123.0`) or later. */
export function hugoAtLeast(version: string, release: string): boolean {
  const have = hugoRelease(version);
  const want = hugoRelease(release)!;
  if (have === undefined) return false;
  for (let i = 0; i < 3; i++) if (have[i] !== want[i]) return have[i]! > want[i]!;
  return true;
}
