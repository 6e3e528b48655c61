// Go's \pX / \p{Name}: Unicode general categories, scripts and "Any", as JavaScript \p{…} items.
import type { PropItem, Range } from './ast.js';
import { MAX_RUNE } from './charset.js';

const CATEGORIES = new Set([
  'C', 'Cc', 'Cf', 'Co', 'Cs', 'L', 'Ll', 'Lm', 'Lo', 'Lt', 'Lu', 'M', 'Mc', 'Me', 'Mn', 'N', 'Nd', 'Nl', 'No',
  'P', 'Pc', 'Pd', 'Pe', 'Pf', 'Pi', 'Po', 'Ps', 'S', 'Sc', 'Sk', 'Sm', 'So', 'Z', 'Zl', 'Zp', 'Zs',
]);

const scriptOk = new Map<string, boolean>();

function isScript(name: string): boolean {
  let ok = scriptOk.get(name);
  if (ok === undefined) {
    try {
      new RegExp(`\\p{Script=${name}}`, 'u');
      ok = /^[A-Za-z_]+$/.test(name);
    } catch {
      ok = false;
    }
    scriptOk.set(name, ok);
  }
  return ok;
}

/** What a \p name stands for: code point ranges and/or JavaScript properties (a union). */
export interface UnicodeClass {
  readonly ranges: readonly Range[];
  readonly props: readonly PropItem[];
}

/**
 * The positive set for a Go Unicode class name, or undefined when Go has no such name.
 * Go's "C" leaves out unassigned code points (JavaScript's C includes Cn), hence the split.
 */
export function unicodeClass(name: string): UnicodeClass | undefined {
  if (name === 'Any') return { ranges: [[0, MAX_RUNE]], props: [] };
  if (name === 'C') return { ranges: [], props: ['Cc', 'Cf', 'Co', 'Cs'].map((n) => ({ name: n, negated: false })) };
  if (CATEGORIES.has(name)) return { ranges: [], props: [{ name, negated: false }] };
  if (isScript(name)) return { ranges: [], props: [{ name: `Script=${name}`, negated: false }] };
  return undefined;
}

/** The complement of a Go Unicode class, written as a union (for use inside brackets). */
export function negatedUnicodeClass(name: string): UnicodeClass | undefined {
  if (name === 'Any') return { ranges: [], props: [] };
  if (name === 'C') return { ranges: [], props: [{ name: 'C', negated: true }, { name: 'Cn', negated: false }] };
  const positive = unicodeClass(name);
  return positive && { ranges: [], props: positive.props.map((p) => ({ name: p.name, negated: true })) };
}
