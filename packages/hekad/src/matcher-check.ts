// message_matcher syntax is checked with @heka/core's compileMatcher once core provides it; until
// then validation skips it (the matcher is being built alongside this command).
import * as core from '@heka/core';

export function matcherChecker(): ((expression: string) => void) | undefined {
  const compile = (core as unknown as Record<string, unknown>)['compileMatcher'];
  if (typeof compile !== 'function') return undefined;
  return (expression) => {
    compile(expression);
  };
}
