import { join } from 'node:path';
import { computed, definePlugin, f, type Rule } from '@heka/core';

type Translation = Readonly<Record<string, Readonly<Record<string, number>>>>;

// Heka refuses a one-entry translation map unless that entry is the `missing` fallback.
const oneEntryMeansMissing: Rule<{ readonly translation: Translation }> = ({ translation }) =>
  Object.entries(translation).flatMap(([group, values]) => {
    const keys = Object.keys(values);
    return keys.length === 1 && keys[0] !== 'missing'
      ? [{ key: ['translation', group], message: `A translation map with one entry ('${group}') must be specifying a 'missing' key.`, hint: `add missing = 0 (or another value) to [<section>.translation.${group}]` }]
      : [];
  });

export const LogstreamerInput = definePlugin({
  type: 'LogstreamerInput',
  family: 'input',
  summary: 'Tails log files, including rotated sequences of files, and remembers its place in a journal.',
  example: `
[nginx_access]
type = "LogstreamerInput"
log_directory = "/var/log/nginx"
file_match = 'access\\.log\\.?(?P<Index>\\d+)?'
priority = ["^Index"]
`,
  common: { splitter: 'TokenSplitter' },
  config: {
    log_directory: f.string({ default: '/var/log', doc: 'Directory scanned recursively for files.' }),
    file_match: f.regexp({ required: true, example: 'access\\.log', doc: 'Regular expression (Go syntax) for the paths to read, relative to log_directory; `$` is appended if missing. Named captures feed priority and differentiator.' }),
    priority: f.array(f.string({ doc: 'A capture name; ^ before it sorts descending.' }), { default: [], example: ['^Index'], doc: 'Capture names that order the files of a stream from oldest to newest; `^Name` sorts that capture descending.' }),
    differentiator: f.array(f.string({ doc: 'A capture name or literal text.' }), { default: computed((c) => [c.name], 'the section name'), example: ['nginx-', 'Domain', '-access'], doc: 'Literal text and capture names joined to name each stream.' }),
    translation: f.map(f.map(f.int({ doc: 'Sort value for this capture text.' }), { doc: 'Capture text → sort value.' }), {
      keyDoc: '<capture>',
      doc: 'Sort values for capture texts that are not numbers (`[name.translation.Month] jan = 1`); a one-entry map must use the key `missing`.',
    }),
    oldest_duration: f.duration({ default: '720h', doc: 'Ignore files last modified longer ago than this; "0" reads all.' }),
    journal_directory: f.string({ default: computed((c) => join(c.globals.base_dir, 'logstreamer'), '<base_dir>/logstreamer'), doc: 'Where each stream\'s journal (its read position) is kept.' }),
    rescan_interval: f.duration({ default: '1m', doc: 'How often to look for new files (Heka\'s docs say milliseconds; its code takes a duration).' }),
    hostname: f.string({ default: computed((c) => c.globals.hostname, 'the [hekad] hostname'), doc: 'Hostname put on the messages.' }),
  },
  rules: [oneEntryMeansMissing],
});
