// Scans one LogstreamerInput section as hekad would at startup and collects what is wrong.
import { join } from 'node:path';
import { durationToMs, formatIssue, HekaError, LogstreamSet, type ConfigIssue } from '@heka/core';
import { decodeScanOptions, type LogstreamerSection } from './config.js';
import type { Problem, SectionReport } from './report.js';

function hintFor(reason: string, section: string): string {
  const empty = /(: missing|'missing' not found.*)$/.test(reason) ? ' (an empty capture is looked up as "missing")' : '';
  return baseHint(reason, section) + empty;
}

function baseHint(reason: string, section: string): string {
  const month = /^Unable to locate month name: /.test(reason);
  if (month || /^Unable to locate day name: /.test(reason)) {
    const group = month ? 'MonthName' : 'DayName';
    const names = month ? 'January…December or Jan…Dec' : 'Monday…Sunday or Mon…Sun';
    return `a ${group} capture must be an English ${month ? 'month' : 'day'} name (${names}); rename the capture group or narrow file_match so this file is not matched`;
  }
  const t = /^Value '(.*)' not found in translation map '(.*)'\.$/.exec(reason);
  if (t) return `add ${JSON.stringify(t[1]!.toLowerCase())} = <number> to [${section}.translation.${t[2]!}], or narrow file_match so this file is not matched`;
  return 'fix file_match, priority or translation so this file can be ordered';
}

export async function inspectSection(section: LogstreamerSection, now = Date.now()): Promise<SectionReport> {
  const issues: ConfigIssue[] = [];
  const options = decodeScanOptions(section, issues);
  const base = { section: section.name, config: section.file };
  if (options === undefined) {
    return {
      ...base, logDirectory: undefined, fileMatch: undefined, streams: [], errors: [],
      problems: issues.filter((i) => i.severity === 'error').map((i) => ({ file: section.file, reason: formatIssue({ ...i, file: undefined }), hint: i.hint ?? '' })),
    };
  }
  const known = { ...base, logDirectory: options.log_directory, fileMatch: options.file_match };
  let set: LogstreamSet;
  const setOptions = {
    logDirectory: options.log_directory,
    fileMatch: options.file_match,
    priority: options.priority,
    differentiator: options.differentiator,
    translation: options.translation,
    oldestDurationMs: durationToMs(options.oldest_duration),
  };
  try {
    set = await LogstreamSet.open(setOptions);
  } catch (e) {
    if (!(e instanceof HekaError)) throw e;
    return { ...known, streams: [], errors: [`Error initializing LogstreamSet: ${e.message}${e.hint ? ` — ${e.hint}` : ''}`], problems: [] };
  }
  const result = await set.scan(now);
  const errors = result.errors.length > 0 ? [`Error scanning: ${result.errors.join(' :: ')}`] : [];
  const problems: Problem[] = result.problems.map((p) => ({ ...p, hint: hintFor(p.reason, section.name) }));
  const groups = new Set(set.pattern.groupNames.filter((n) => n !== ''));
  for (const key of options.priority) {
    const name = key.startsWith('^') ? key.slice(1) : key;
    if (!groups.has(name)) {
      problems.push({
        file: set.pattern.fileMatch,
        reason: `priority ${JSON.stringify(key)} names no capture group of file_match, so it cannot order the files`,
        hint: groups.size > 0 ? `use one of ${[...groups].join(', ')}, or add (?P<${name}>…) to file_match` : `add a named group (?P<${name}>…) to file_match`,
      });
    }
  }
  if (result.matched === 0) {
    const pattern = join(set.pattern.root, set.pattern.fileMatch.replace(/^\//, ''));
    let hint = `file_match is a Go regular expression matched against the whole path after ${set.pattern.root}/; check log_directory and file_match`;
    if (setOptions.oldestDurationMs > 0) {
      const all = await LogstreamSet.open({ ...setOptions, oldestDurationMs: 0 });
      const older = (await all.scan(now)).matched;
      if (older > 0) hint = `${older} file(s) match but were last modified more than oldest_duration ago; raise oldest_duration (or set it to "0")`;
    }
    problems.push({ file: pattern, reason: 'no file matches', hint });
  }
  return { ...known, streams: set.sortedStreams(), errors, problems };
}
