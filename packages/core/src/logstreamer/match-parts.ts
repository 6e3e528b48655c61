// Sort scores of a file's named captures, as Heka computes them: MonthName and DayName are
// built in, a translation map gives values for other captures, digits count as numbers and
// anything else scores -1.

/** Capture name → (capture text → sort value), as configured under `[name.translation.<Group>]`. */
export type Translation = Readonly<Record<string, Readonly<Record<string, number>>>>;

/** A translation with its capture texts lowercased, ready for lookups. */
export type LowerTranslation = ReadonlyMap<string, ReadonlyMap<string, number>>;

const MONTHS: ReadonlyMap<string, number> = new Map([
  ['january', 1], ['jan', 1], ['february', 2], ['feb', 2], ['march', 3], ['mar', 3],
  ['april', 4], ['apr', 4], ['may', 5], ['june', 6], ['jun', 6], ['july', 7], ['jul', 7],
  ['august', 8], ['aug', 8], ['september', 9], ['sep', 9], ['october', 10], ['oct', 10],
  ['november', 11], ['nov', 11], ['december', 12], ['dec', 12],
]);

const DAYS: ReadonlyMap<string, number> = new Map([
  ['monday', 0], ['mon', 0], ['tuesday', 1], ['tue', 1], ['wednesday', 2], ['wed', 2],
  ['thursday', 3], ['thu', 3], ['friday', 4], ['fri', 4], ['saturday', 5], ['sat', 5],
  ['sunday', 6], ['sun', 6],
]);

/** The text a translation map uses for a capture that matched nothing. */
export const MISSING = 'missing';

export function lowercaseTranslation(translation: Translation): LowerTranslation {
  const out = new Map<string, ReadonlyMap<string, number>>();
  for (const [group, values] of Object.entries(translation)) {
    out.set(group, new Map(Object.entries(values).map(([k, v]) => [k.toLowerCase(), v])));
  }
  return out;
}

export interface MatchParts {
  /** Raw text of every capture by Go group name ("" collects unnamed groups, the last one wins). */
  readonly raw: ReadonlyMap<string, string>;
  /** Sort scores of the named captures, up to the first one that could not be scored. */
  readonly scores: ReadonlyMap<string, number>;
  /** Why a capture could not be scored (Heka's wording), if one could not. */
  readonly error: string | undefined;
}

function scoreOf(name: string, value: string, translation: LowerTranslation): number | { error: string } {
  const lower = value.toLowerCase();
  if (name === 'MonthName') return MONTHS.get(lower) ?? { error: `Unable to locate month name: ${value}` };
  if (name === 'DayName') return DAYS.get(lower) ?? { error: `Unable to locate day name: ${value}` };
  const map = translation.get(name);
  if (map !== undefined && map.size > 1) {
    return map.get(lower) ?? { error: `Value '${value}' not found in translation map '${name}'.` };
  }
  if (map !== undefined && lower === MISSING) return map.get(MISSING) ?? -1;
  return /^\d+$/.test(value) ? Number.parseInt(value, 10) : -1;
}

/**
 * Scores one file's captures. `groupNames[i]` names `match[i]` (Go's SubexpNames). An empty
 * capture is looked up as `missing`, which is also how Heka's error messages show it.
 */
export function matchParts(groupNames: readonly string[], match: readonly (string | undefined)[], translation: LowerTranslation): MatchParts {
  const raw = new Map<string, string>();
  const scores = new Map<string, number>();
  groupNames.forEach((name, i) => raw.set(name, match[i] ?? ''));
  let error: string | undefined;
  for (let i = 0; i < groupNames.length && error === undefined; i++) {
    const name = groupNames[i]!;
    if (name === '') continue;
    const text = match[i] ?? '';
    const score = scoreOf(name, text === '' ? MISSING : text, translation);
    if (typeof score === 'number') scores.set(name, score);
    else error = score.error;
  }
  return { raw, scores, error };
}
