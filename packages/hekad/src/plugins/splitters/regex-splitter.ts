import { definePlugin, f, translateGoRegexp } from '@heka/core';

export const RegexSplitter = definePlugin({
  type: 'RegexSplitter',
  family: 'splitter',
  summary: 'Cuts a stream where a regular expression matches; the delimiter is dropped or, if captured, kept with a record.',
  example: `
[slow_query_splitter]
type = "RegexSplitter"
delimiter = '\\n(# User@Host:)'
delimiter_eol = false
`,
  config: {
    delimiter: f.regexp({
      default: '\n',
      example: '\\n(# User@Host:)',
      doc: 'Regular expression (Go syntax) that separates records. It may have one capture group, whose text is kept.',
      check: (re) => {
        // groupNames[0] stands for the whole match.
        const groups = translateGoRegexp(re).groupNames.length - 1;
        return groups <= 1 ? undefined : { message: `RegexSplitter delimiter may have at most one capture group, found ${groups}`, hint: 'make the others non-capturing with (?:…)' };
      },
    }),
    delimiter_eol: f.bool({ default: true, doc: 'With a capture group: true appends the captured text to the record it ends, false puts it at the start of the next record.' }),
  },
});
