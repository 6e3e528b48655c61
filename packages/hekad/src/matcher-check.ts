import { compileMatcher, type MatcherCheck } from '@heka/core';

/** Parses a message_matcher as the router will; its quirk warnings become config warnings. */
export const checkMatcher: MatcherCheck = (expression) => compileMatcher(expression).warnings;
