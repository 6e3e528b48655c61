// The options that say which files a LogstreamerInput reads and how it groups and orders them.
// Declared once here: hekad's LogstreamerInput and heka-logstreamer both decode them from these.
import { computed, f } from '../config/index.js';
import type { Rule } from '../plugin/rules.js';
import type { Translation } from './match-parts.js';

export const logstreamerScanFields = {
  log_directory: f.string({ default: '/var/log', doc: 'Directory scanned recursively for files.' }),
  file_match: f.regexp({ required: true, example: 'access\\.log', doc: 'Regular expression (Go syntax) for the paths to read, relative to log_directory; `$` is appended if missing. Named captures feed priority and differentiator.' }),
  priority: f.array(f.string({ doc: 'A capture name; ^ before it sorts descending.' }), { default: [], example: ['^Index'], doc: 'Capture names that order the files of a stream from oldest to newest; `^Name` sorts that capture descending.' }),
  differentiator: f.array(f.string({ doc: 'A capture name or literal text.' }), { default: computed((c) => [c.name], 'the section name'), example: ['nginx-', 'Domain', '-access'], doc: 'Literal text and capture names joined to name each stream.' }),
  translation: f.map(f.map(f.int({ doc: 'Sort value for this capture text.' }), { doc: 'Capture text → sort value.' }), {
    keyDoc: '<capture>',
    doc: 'Sort values for capture texts that are not numbers (`[name.translation.Month] jan = 1`); a one-entry map must use the key `missing`.',
  }),
  oldest_duration: f.duration({ default: '720h', doc: 'Ignore files last modified longer ago than this; "0" reads all.' }),
} as const;

/** Heka refuses a one-entry translation map unless that entry is the `missing` fallback. */
export const translationNeedsMissing: Rule<{ readonly translation: Translation }> = ({ translation }) =>
  Object.entries(translation).flatMap(([group, values]) => {
    const keys = Object.keys(values);
    return keys.length === 1 && keys[0] !== 'missing'
      ? [{ key: ['translation', group], message: `A translation map with one entry ('${group}') must be specifying a 'missing' key.`, hint: `add missing = 0 (or another value) to [<section>.translation.${group}]` }]
      : [];
  });
