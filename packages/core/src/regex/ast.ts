// The parsed form of a Go regular expression, close to Go's regexp/syntax tree: flags are already
// applied to each node (Go resolves (?i) and friends while parsing), so the emitter needs no state.

/** An inclusive code point range. */
export type Range = readonly [lo: number, hi: number];

/** A Unicode property as JavaScript writes it inside \p{…}: "L", "Script=Greek", … */
export interface PropItem {
  readonly name: string;
  readonly negated: boolean;
}

export type AssertKind = 'beginText' | 'endText' | 'beginLine' | 'endLine' | 'wordBoundary' | 'noWordBoundary';

export type RegexNode =
  | { readonly op: 'empty' }
  | { readonly op: 'literal'; readonly cp: number; readonly fold: boolean }
  /** Matches one code point in (ranges ∪ props), or outside it when negated. [at, end) is its source. */
  | { readonly op: 'class'; readonly ranges: readonly Range[]; readonly props: readonly PropItem[]; readonly negated: boolean; readonly fold: boolean; readonly at: number; readonly end: number }
  | { readonly op: 'anyChar'; readonly dotNL: boolean }
  | { readonly op: 'assert'; readonly kind: AssertKind }
  | { readonly op: 'capture'; readonly index: number; readonly name: string; readonly sub: RegexNode }
  | { readonly op: 'concat'; readonly subs: readonly RegexNode[] }
  | { readonly op: 'alternate'; readonly subs: readonly RegexNode[] }
  /** max = -1: unbounded. `braces` marks x{n,m} (the only form Go size-checks). */
  | { readonly op: 'repeat'; readonly min: number; readonly max: number; readonly greedy: boolean; readonly braces: boolean; readonly sub: RegexNode };

export const EMPTY: RegexNode = { op: 'empty' };

export function concat(subs: RegexNode[]): RegexNode {
  if (subs.length === 0) return EMPTY;
  return subs.length === 1 ? subs[0]! : { op: 'concat', subs };
}

export function alternate(subs: RegexNode[]): RegexNode {
  return subs.length === 1 ? subs[0]! : { op: 'alternate', subs };
}
