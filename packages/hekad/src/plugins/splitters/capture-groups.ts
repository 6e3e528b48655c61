// Counts the capturing groups of a Go (RE2) regular expression without compiling it, so
// RegexSplitter's "at most one group" rule can be checked at config time.

/** Number of capturing groups: `(…)`, `(?P<name>…)`, `(?<name>…)`; not `(?:…)`, `(?i)`, escapes or classes. */
export function countCaptureGroups(pattern: string): number {
  let count = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') { i++; continue; }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      // A `]` right after `[` or `[^` is a literal member of the class.
      if (pattern[i + 1] === '^') i++;
      if (pattern[i + 1] === ']') i++;
      continue;
    }
    if (c !== '(') continue;
    if (pattern[i + 1] !== '?') count++;
    else if (pattern.startsWith('(?P<', i) || (pattern.startsWith('(?<', i) && !pattern.startsWith('(?<=', i) && !pattern.startsWith('(?<!', i))) count++;
  }
  return count;
}
