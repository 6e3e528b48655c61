// hekad: load and validate the configuration; with -check report and stop there.
import {
  ConfigLoadError,
  IssueCode,
  formatFileError,
  formatIssue,
  loadConfig,
  validateConfig,
  type LoadedConfig,
  type ValidatedConfig,
} from '@heka/core';
import { runHekad } from './app.js';
import { VERSION, parseArgs } from './cli.js';
import { checkMatcher } from './matcher-check.js';
import { createRegistry } from './plugins/index.js';
import { formatSummary } from './summary.js';
import { loadTui } from './tui/load.js';
import { NOT_A_TERMINAL } from './tui/message.js';

export { plugins, createRegistry } from './plugins/index.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout is a terminal (-tui needs one). */
  readonly isTerminal?: boolean;
}

const processIo: Io = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  get isTerminal() { return process.stdout.isTTY === true; },
};

function load(configPath: string, io: Io): LoadedConfig | undefined {
  try {
    return loadConfig(configPath);
  } catch (e) {
    if (!(e instanceof ConfigLoadError)) throw e;
    for (const error of e.errors) io.err(`Error reading config: ${formatFileError(error)}\n`);
    return undefined;
  }
}

/** Prints every issue once, then Heka's closing line when there were errors. */
function report(result: ValidatedConfig, io: Io): void {
  const printed = new Set<string>();
  for (const issue of result.issues) {
    const line = formatIssue(issue);
    if (!printed.has(line)) io.err(`${line}\n`);
    printed.add(line);
  }
  const empty = result.issues.some((i) => i.code === IssueCode.Empty);
  if (!result.ok && !empty) io.err(`Error reading config: ${result.errors.length} errors loading plugins\n`);
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const options = parseArgs(argv);
  if (options.version) {
    io.out(`${VERSION}\n`);
    return 0;
  }
  if (options.tui && !options.check && !io.isTerminal) {
    io.err(NOT_A_TERMINAL);
    return 1;
  }
  const loaded = load(options.configPath, io);
  if (!loaded) return 1;
  const result = validateConfig(loaded, createRegistry(), { checkMatcher });
  report(result, io);
  if (!result.ok) return 1;
  if (options.check) {
    io.out(formatSummary(loaded, result.plugins));
    return 0;
  }
  if (options.tui) {
    const { runTui } = await loadTui();
    return runTui(result);
  }
  return runHekad(result);
}
