// "Did you mean …?" for misspelt keys, plugin types and section names.

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const rows: number[][] = [];
  for (let i = 0; i <= s.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= t.length; j++) {
      if (i === 0) { row.push(j); continue; }
      const prev = rows[i - 1]!;
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      row.push(d);
    }
    rows.push(row);
  }
  return rows[s.length]![t.length]!;
}

/**
 * The candidate closest to `word`, if it is close enough to be a plausible typo: within a third
 * of the word's length (at least 1, at most 3 edits), or one contains the other (`Tcp` → `TcpInput`).
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    if (c === lower) return candidate;
    const d = editDistance(lower, c);
    const limit = Math.min(3, Math.max(1, Math.round(word.length / 3)));
    const contains = lower.length >= 3 && (c.includes(lower) || lower.includes(c));
    const score = d <= limit ? d : contains ? 10 + Math.abs(c.length - lower.length) : Infinity;
    if (score < bestScore) { bestScore = score; best = candidate; }
  }
  return best;
}

/** `did you mean "x"?` for a hint, or undefined when nothing is close. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const match = closest(word, candidates);
  return match === undefined ? undefined : `did you mean "${match}"?`;
}
