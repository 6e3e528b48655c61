// What heka-logstreamer prints: Heka's text layout, or one JSON object per section.
import type { Logstream } from '@heka/core';

/** A reason heka-logstreamer exits 1: which file (or pattern), what is wrong, what to do. */
export interface Problem {
  readonly file: string;
  readonly reason: string;
  readonly hint: string;
}

export interface SectionReport {
  readonly section: string;
  readonly config: string;
  readonly logDirectory: string | undefined;
  readonly fileMatch: string | undefined;
  /** Streams sorted by name, files oldest→newest. */
  readonly streams: readonly Logstream[];
  /** Heka's fatal errors (Error scanning / Error initializing LogstreamSet). */
  readonly errors: readonly string[];
  readonly problems: readonly Problem[];
}

/** Heka's layout for one section. */
export function formatText(report: SectionReport): string {
  let out = `Found ${report.streams.length} Logstream(s) for section [${report.section}].\n`;
  for (const stream of report.streams) {
    out += `\nLogstream name: [${stream.name}]\n`;
    out += `Files: ${stream.files.length} (printing oldest to newest)\n`;
    for (const file of stream.files) out += `\t${file.path}\n`;
  }
  return out;
}

export function formatProblem(section: string, p: Problem): string {
  return `[${section}] ${p.file}: ${p.reason} — ${p.hint}`;
}

export function toJson(report: SectionReport): object {
  return {
    section: report.section,
    config: report.config,
    log_directory: report.logDirectory ?? null,
    file_match: report.fileMatch ?? null,
    streams: report.streams.map((s) => ({ name: s.name, files: s.files.map((f) => f.path) })),
    errors: report.errors,
    problems: report.problems,
  };
}
