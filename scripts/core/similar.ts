/**
 * "Did you mean …?": the known name nearest to a mistyped one. One home for the edit distance that
 * config keys and dangling `$ref`s are matched with. Commander has the same thing for options
 * (`suggestSimilar`) but does not export it, and twenty lines here cost less than a dependency.
 */

/**
 * Optimal string alignment distance (Damerau–Levenshtein without repeated edits of one substring):
 * insertions, deletions, substitutions and swaps of two neighbours each count 1, as commander counts.
 */
export function editDistance(a: string, b: string): number {
  // d[i][j]: the distance between a's first i characters and b's first j.
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidate nearest to `word`, when it is close enough to be what was meant: at most
 * max(2, a quarter of the word's length) edits away, ignoring case (a difference of case alone
 * counts as one edit, so `roottype` finds `rootType`). None when nothing is that close, or the word
 * is itself a candidate. Ties go to the first candidate.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(2, Math.floor(word.length / 4));
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    if (name === word) return undefined;
    // Only names whose length could be within the limit are measured: a big schema has thousands of definitions.
    if (Math.abs(name.length - word.length) > limit) continue;
    const distance = name.toLowerCase() === word.toLowerCase() ? 1 : editDistance(word, name);
    if (distance <= limit && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}
