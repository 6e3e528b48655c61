// Heka quirks that silently change what an expression means; hekad logs these when it loads
// a matcher so that users can fix expressions that parse but probably do not say what they mean.
import type { ParsedMatcher } from './parser.js';

export function matcherWarnings(expression: string, parsed: ParsedMatcher): string[] {
  const warnings: string[] = [];
  const { truncation, badNumbers } = parsed;
  if (truncation) {
    const rest = expression.slice(truncation.index);
    if (rest.trim() !== '') {
      const byte = Buffer.byteLength(expression.slice(0, truncation.index));
      warnings.push(`everything from byte ${byte} is ignored (${truncation.reason}): ${JSON.stringify(rest)}`);
    }
  }
  if (parsed.juxtaposed > 1) {
    warnings.push(`${parsed.juxtaposed} expressions follow each other without && or ||; only the last one is used`);
  }
  for (const n of badNumbers) warnings.push(`"${n}" is not a number; it is read as 0`);
  return warnings;
}
