import { formatError, isHekaError } from '../errors/heka-error.js';

/** What every command exports: takes the arguments after the program name, returns the exit code. */
export type CommandMain = (argv: string[]) => Promise<number> | number;

function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}

/**
 * The bin shims' only job: run main, render a user error without a stack (a bug keeps its
 * stack), let stdout/stderr drain, then exit with the code.
 */
export async function runCommand(name: string, main: CommandMain): Promise<never> {
  let code: number;
  try {
    code = await main(process.argv.slice(2));
  } catch (e) {
    if (isHekaError(e)) {
      process.stderr.write(e.verbatim ? e.message : `${name}: ${formatError(e)}\n`);
      code = e.exitCode;
    } else {
      process.stderr.write(`${name}: internal error (a bug, please report it):\n${(e as Error)?.stack ?? String(e)}\n`);
      code = 70;
    }
  }
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}
