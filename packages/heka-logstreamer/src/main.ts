// heka-logstreamer: shows which files each LogstreamerInput of a config would read, grouped into
// streams and ordered oldest to newest (spec §6.2), and exits 1 when a section matches nothing
// or cannot order what it matches.
import { formatUsage, parseGoFlags } from '@heka/core';
import { readLogstreamerSections } from './config.js';
import { inspectSection } from './inspect.js';
import { formatProblem, formatText, toJson, type SectionReport } from './report.js';

const FLAGS = {
  config: { type: 'string', default: 'logstreamer.toml', usage: 'the config to check: a TOML file, or a directory whose files are all read' },
  json: { type: 'bool', default: false, usage: 'print one JSON object per LogstreamerInput section (streams, files, problems) instead of text' },
} as const;

const PROGRAM = 'heka-logstreamer';

/** Go's flag.PrintDefaults: the flag lines without the "Usage of" header. */
export function flagDefaults(): string {
  return formatUsage(PROGRAM, FLAGS).split('\n').slice(1).join('\n');
}

const failed = (r: SectionReport): boolean => r.errors.length > 0 || r.problems.length > 0;

export async function main(argv: string[]): Promise<number> {
  const { values, given } = parseGoFlags(PROGRAM, FLAGS, argv);
  if (given.size === 0) {
    process.stderr.write(flagDefaults());
    return 0;
  }
  const sections = readLogstreamerSections(values.config);
  if (values.json) {
    const reports: SectionReport[] = [];
    for (const section of sections) reports.push(await inspectSection(section));
    process.stdout.write(`${JSON.stringify(reports.map(toJson), null, 2)}\n`);
    return reports.some(failed) ? 1 : 0;
  }
  let status = 0;
  for (const section of sections) {
    const report = await inspectSection(section);
    if (report.errors.length > 0) {
      // Heka stops at the first section that cannot be scanned.
      process.stderr.write(report.errors.map((e) => `${e}\n`).join(''));
      return 1;
    }
    process.stdout.write(formatText(report));
    for (const p of report.problems) process.stderr.write(`${formatProblem(report.section, p)}\n`);
    if (failed(report)) status = 1;
  }
  return status;
}
