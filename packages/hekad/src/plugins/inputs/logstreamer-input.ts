import { join } from 'node:path';
import { computed, definePlugin, f, logstreamerScanFields, translationNeedsMissing } from '@heka/core';
import { LogstreamerInputInstance } from './logstreamer-run.js';

const NS_PER_MS = 1_000_000n;

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
    ...logstreamerScanFields,
    journal_directory: f.string({ default: computed((c) => join(c.globals.base_dir, 'logstreamer'), '<base_dir>/logstreamer'), doc: 'Where each stream\'s journal (its read position) is kept.' }),
    rescan_interval: f.duration({ default: '1m', doc: 'How often to look for new files (Heka\'s docs say milliseconds; its code takes a duration).' }),
    hostname: f.string({ default: computed((c) => c.globals.hostname, 'the [hekad] hostname'), doc: 'Hostname put on the messages.' }),
  },
  rules: [translationNeedsMissing],
  create: (config, _common, { name }) =>
    new LogstreamerInputInstance({
      set: {
        logDirectory: config.log_directory,
        fileMatch: config.file_match,
        priority: config.priority,
        differentiator: config.differentiator.length > 0 ? config.differentiator : [name],
        translation: config.translation,
        oldestDurationMs: Number(config.oldest_duration / NS_PER_MS),
        journalDirectory: config.journal_directory,
      },
      rescanMs: Number(config.rescan_interval / NS_PER_MS),
      hostname: config.hostname,
    }),
});
