// Go (RE2) regular expression syntax, translated to JavaScript RegExp.
export { translateGoRegexp, compileGoRegexp } from './go-regexp.js';
export type { GoRegexpTranslation, LiteralPattern } from './go-regexp.js';
export { RegexSyntaxError } from './errors.js';
