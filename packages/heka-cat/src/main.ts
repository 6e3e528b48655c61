// heka-cat: count, view, filter and extract the messages of a Heka protobuf stream file
// (spec §6.7). Messages go to stdout or -output; the header, reports and summary go to stderr.
import { closeSync, createWriteStream, fstatSync, openSync, readSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  FrameReader, MatcherSyntaxError, compileMatcher, decodeMessage, formatUsage, parseGoFlags,
  type FrameItem, type MessageMatcher,
} from '@heka/core';
import { messageToJson } from './format-json.js';
import { messageToText } from './format-txt.js';
import { Output } from './output.js';

const FLAGS = {
  format: { type: 'string', default: 'txt', usage: 'how to print each matching message: txt, json, heka (the raw framed record) or count (print nothing)' },
  match: { type: 'string', default: 'TRUE', usage: 'message matcher expression selecting the messages to print' },
  offset: { type: 'int', default: 0, usage: 'byte offset in the input file to start reading at' },
  output: { type: 'string', default: '', usage: 'file to write the messages to (default: standard output)' },
  tail: { type: 'bool', default: false, usage: 'at the end of the file, wait for more data instead of exiting (not with -format=count)' },
  'max-message-size': { type: 'uint', default: 4 * 1024 * 1024, usage: 'largest message accepted, in bytes' },
} as const;

const SYNOPSIS = '[flags] <input file>';
const READ_SIZE = 256 * 1024;
const TAIL_POLL_MS = 500;
const MAX_MESSAGE_SIZE_LIMIT = 4294967295;

/** Exit codes, as Heka's heka-cat uses them. */
export const EXIT = { ok: 0, usage: 1, badMatcher: 2, cannotOpenInput: 3, cannotOpenOutput: 4, cannotSeek: 5, readFailed: 6, sizeTooLarge: 8 } as const;

function fail(message: string, code: number): number {
  process.stderr.write(message.endsWith('\n') ? message : message + '\n');
  return code;
}

function openError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code === 'ENOENT' ? 'no such file' : err.code === 'EACCES' ? 'permission denied' : err.message;
}

interface Counts { processed: number; matched: number }

class Cat {
  readonly counts: Counts = { processed: 0, matched: 0 };

  constructor(
    private readonly format: string,
    private readonly matcher: MessageMatcher,
    private readonly out: Output,
  ) {}

  handle(item: FrameItem): void {
    const { offset } = item;
    if (item.kind === 'skip') {
      for (const length of item.oversized ?? []) {
        process.stderr.write(`Skipped a header announcing a ${length}-byte message (over -max-message-size)\n`);
      }
      process.stderr.write(item.truncated
        ? `Incomplete record at end of input at offset: ${offset} bytes: ${item.length}\n`
        : `Corruption detected at offset: ${offset} bytes: ${item.length}\n`);
      return;
    }
    this.counts.processed++;
    let msg;
    try {
      msg = decodeMessage(item.message);
    } catch (e) {
      process.stderr.write(`Error unmarshalling message at offset: ${offset} error: ${(e as Error).message}\n`);
      return;
    }
    if (!this.matcher.match(msg)) return;
    this.counts.matched++;
    switch (this.format) {
      case 'count':
        break;
      case 'json': {
        const json = messageToJson(msg);
        if (json === undefined) process.stderr.write(`Error marshalling message at offset: ${offset} to JSON: a double field is NaN or infinite\n`);
        else this.out.write(json + '\n');
        break;
      }
      case 'heka':
        this.out.write(item.record);
        break;
      default:
        this.out.write(messageToText(msg));
    }
  }
}

export async function main(argv: string[]): Promise<number> {
  const { values: flags, args } = parseGoFlags('heka-cat', FLAGS, argv, SYNOPSIS);
  if (args.length !== 1) {
    return fail(`heka-cat needs exactly one input file, got ${args.length}.\n` + formatUsage('heka-cat', FLAGS, SYNOPSIS), EXIT.usage);
  }
  const input = args[0]!;
  const maxMessageSize = flags['max-message-size'];
  if (maxMessageSize >= MAX_MESSAGE_SIZE_LIMIT) return fail(`Message size is too large: ${maxMessageSize}`, EXIT.sizeTooLarge);

  let matcher: MessageMatcher;
  try {
    matcher = compileMatcher(flags.match);
  } catch (e) {
    if (!(e instanceof MatcherSyntaxError)) throw e;
    return fail(`Match specification - ${e.message}${e.hint ? `\n  hint: ${e.hint}` : ''}`, EXIT.badMatcher);
  }
  for (const warning of matcher.warnings) process.stderr.write(`Match specification warning: ${warning}\n`);

  let fd: number;
  try {
    fd = openSync(input, 'r');
  } catch (e) {
    return fail(`Cannot open input ${input}: ${openError(e)}`, EXIT.cannotOpenInput);
  }
  if (fstatSync(fd).isDirectory()) {
    closeSync(fd);
    return fail(`Cannot open input ${input}: is a directory`, EXIT.cannotOpenInput);
  }
  if (flags.offset < 0) {
    closeSync(fd);
    return fail(`Cannot seek to offset ${flags.offset} of ${input}: the offset must not be negative`, EXIT.cannotSeek);
  }

  let out: Output;
  try {
    out = new Output(flags.output === '' ? process.stdout : createWriteStream('', { fd: openSync(flags.output, 'w', 0o644) }));
  } catch (e) {
    closeSync(fd);
    return fail(`Cannot open output ${flags.output}: ${openError(e)}`, EXIT.cannotOpenOutput);
  }

  process.stderr.write(`Input:${input}  Offset:${flags.offset}  Match:${flags.match}  Format:${flags.format}  Tail:${flags.tail}  Output:${flags.output}\n`);
  const cat = new Cat(flags.format, matcher, out);
  const tail = flags.tail && flags.format !== 'count';
  let interrupted = false;
  const onSignal = (): void => { interrupted = true; };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const code = await readStream(fd, flags.offset, maxMessageSize, tail, cat, out, () => interrupted);
    await out.end();
    process.stderr.write(`Processed: ${cat.counts.processed}, matched: ${cat.counts.matched} messages\n`);
    return code;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    closeSync(fd);
  }
}

async function readStream(
  fd: number, start: number, maxMessageSize: number, tail: boolean,
  cat: Cat, out: Output, interrupted: () => boolean,
): Promise<number> {
  const reader = new FrameReader({ maxMessageSize, offset: start });
  let position = start;
  while (!interrupted() && !out.closed) {
    // A fresh buffer per read: records handed out are views of it.
    const chunk = Buffer.allocUnsafe(READ_SIZE);
    let n: number;
    try {
      n = readSync(fd, chunk, 0, READ_SIZE, position);
    } catch (e) {
      process.stderr.write(`Error reading input at offset ${position}: ${(e as Error).message}\n`);
      return EXIT.readFailed;
    }
    if (n === 0) {
      if (!tail) break;
      await out.flush();
      await sleep(TAIL_POLL_MS);
      continue;
    }
    position += n;
    reader.push(chunk.subarray(0, n));
    for (let item = reader.next(); item !== undefined; item = reader.next()) cat.handle(item);
    if (out.wantsFlush) await out.flush();
  }
  if (!out.closed) for (const item of reader.finish()) cat.handle(item);
  return EXIT.ok;
}
