// heka-inject: sends one message to a hekad TcpInput (spec §6.4), or with -stdin one message per
// line of standard input. Exits 1 with a clear message when hekad cannot be reached.
import { FramingError, HekaError, StreamEncoder, formatUsage, parseGoFlags } from '@heka/core';
import { parseField } from './fields.js';
import { injectMessage, resolveHeaders } from './message.js';
import { connectToHeka, sendError } from './connect.js';
import { formatStdinSummary, injectLines } from './stdin.js';

const PROGRAM = 'heka-inject';

const FLAGS = {
  heka: { type: 'string', default: '127.0.0.1:5565', usage: 'Heka instance to inject message' },
  type: { type: 'string', default: 'inject.message', usage: 'Type of message' },
  logger: { type: 'string', default: 'Inject Client', usage: 'Data source' },
  severity: { type: 'int', default: 7, usage: 'Syslog severity level' },
  payload: { type: 'string', default: '', usage: 'Textual data' },
  pid: { type: 'int', default: 0, usage: 'Process ID generating message' },
  hostname: { type: 'string', default: '', usage: 'Hostname generating message' },
  field: { type: 'strings', default: [], usage: 'add a field: name=value (string), name:int=N, name:double=X or name:bool=B; repeatable' },
  stdin: { type: 'bool', default: false, usage: 'send one message per line of standard input (payload = the line), then print the count and rate' },
} as const;

/** Go's flag.PrintDefaults: the flag lines without the "Usage of" header. */
export function flagDefaults(): string {
  return formatUsage(PROGRAM, FLAGS).split('\n').slice(1).join('\n');
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

function checkInt32(name: string, value: number): void {
  if (value < INT32_MIN || value > INT32_MAX) {
    throw new HekaError('HEKA_FLAG_INVALID', `-${name} ${value} does not fit the message's 32-bit ${name} field`, { hint: `use a value between ${INT32_MIN} and ${INT32_MAX}`, exitCode: 2 });
  }
}

export async function main(argv: string[]): Promise<number> {
  const { values, given } = parseGoFlags(PROGRAM, FLAGS, argv);
  if (given.size === 0) {
    process.stderr.write(flagDefaults());
    return 0;
  }
  checkInt32('severity', values.severity);
  checkInt32('pid', values.pid);
  if (values.stdin && given.has('payload')) {
    throw new HekaError('HEKA_FLAG_INVALID', '-payload and -stdin cannot be used together', { hint: 'with -stdin each line of standard input is the payload of one message', exitCode: 2 });
  }
  const headers = resolveHeaders(values, values.field.map(parseField));
  const encoder = new StreamEncoder();
  // Encode first: a message too big to frame is a usage error, before any connection.
  const single = values.stdin ? undefined : encode(encoder, values.payload, headers);

  const sender = await connectToHeka(values.heka);
  try {
    if (values.stdin) {
      const result = await injectLines(process.stdin, sender, encoder, headers);
      process.stdout.write(formatStdinSummary(result));
      return 0;
    }
    let failure: Error | undefined;
    sender.send(single!, (err) => { failure = err; });
    await sender.flush();
    if (failure) throw sendError(failure);
    return 0;
  } finally {
    await sender.close();
  }

  function encode(enc: StreamEncoder, payload: string, h: typeof headers): Uint8Array {
    try {
      return enc.encode(injectMessage(h, payload));
    } catch (e) {
      if (!(e instanceof FramingError)) throw e;
      throw new HekaError('HEKA_INJECT_TOO_BIG', `Inject: [error] encode message: ${e.message}`, { hint: 'Heka refuses messages over 64 KiB; send a shorter -payload' });
    }
  }
}
