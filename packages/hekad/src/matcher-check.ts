// message_matcher expressions are parsed with @heka/core's compileMatcher when core provides it;
// until then validation skips them (the matcher is being built alongside this command).
import * as core from '@heka/core';
import type { MatcherCheck } from '@heka/core';

type Compile = (expression: string) => { readonly warnings?: readonly string[] };

export function matcherChecker(): MatcherCheck | undefined {
  const compile = (core as unknown as Record<string, unknown>)['compileMatcher'];
  if (typeof compile !== 'function') return undefined;
  return (expression) => (compile as Compile)(expression).warnings ?? [];
}
