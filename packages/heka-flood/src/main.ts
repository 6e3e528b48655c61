// heka-flood: floods a hekad input with prepared Heka messages to test throughput and
// tolerance (spec §6.3). Progress lines once a second (or a live view on a terminal), Heka's
// "Clean shutdown" line at the end, and with -json a summary object.
import { formatUsage, goNetError, parseGoFlags, durationToMs, signerFromConfig, type SenderEvent } from '@heka/core';
import { readFloodTest } from './config.js';
import { floodLoop, type FloodCounters } from './flood.js';
import { goLog, type FloodLog } from './log.js';
import { prepareMessages } from './messages.js';
import { startProfile } from './profile.js';
import { RateLine, cleanShutdownLine } from './rate-line.js';
import { createSender } from './sender.js';
import { summarize } from './summary.js';
import type { LiveView } from './live/start.js';

const PROGRAM = 'heka-flood';

const FLAGS = {
  config: { type: 'string', default: 'flood.toml', usage: 'Heka Flood configuration file' },
  test: { type: 'string', default: 'default', usage: 'Test section to load' },
  json: { type: 'bool', default: false, usage: 'print a JSON summary object on stdout at the end (progress lines go to stderr)' },
} as const;

/** Go's flag.PrintDefaults: the flag lines without the "Usage of" header. */
export function flagDefaults(): string {
  return formatUsage(PROGRAM, FLAGS).split('\n').slice(1).join('\n');
}

const STOP_FLUSH_MS = 2000;

export async function main(argv: string[]): Promise<number> {
  const { values, given } = parseGoFlags(PROGRAM, FLAGS, argv);
  if (given.size === 0) {
    process.stderr.write(flagDefaults());
    return 0;
  }
  const test = readFloodTest(values.config, values.test);
  const live = !values.json && process.stdout.isTTY === true;
  const log: FloodLog = goLog(values.json ? process.stderr : process.stdout, process.stderr);
  const profiler = test.pprof_file !== '' ? await startProfile(test.pprof_file) : undefined;
  const net = test.sender;
  const maxMessageSize = test.max_message_size > 0 ? test.max_message_size : 65536;
  const messages = prepareMessages({
    variable: test.variable_size_messages,
    staticSize: test.static_message_size === 0 ? 1000 : test.static_message_size,
    asciiOnly: test.ascii_only,
    signer: signerFromConfig(test.signer),
    maxMessageSize,
  });

  let view: LiveView | undefined;
  let connectedOnce = false;
  let dialReported = false;
  let sendFailed = false;
  const say = (kind: 'info' | 'error', text: string): void => { if (view) view.log(kind, text); else log[kind](text); };
  const onEvent = (e: SenderEvent): void => {
    if (e.kind === 'connected') connectedOnce = true;
    else if (e.kind === 'disconnected' && e.error) {
      if (!connectedOnce) dialReported = true;
      say('error', connectedOnce ? `Error sending message: ${goNetError('write', net, e.address, e.error)}` : `Error creating sender: ${goNetError('dial', net, e.address, e.error)}`);
    } else if (e.kind === 'retrying') say('info', 'Attempting to reconnect...');
    else if (e.kind === 'send-failed') {
      say('error', `Error sending message: ${goNetError('write', net, e.address, e.error)}`);
      if (!test.reconnect_on_error) sendFailed = true;
    }
  };
  const sender = createSender(test, onEvent);
  try {
    await sender.connect();
  } catch (e) {
    // TCP reports it through onEvent; a UDP socket that cannot be set up only rejects.
    if (!dialReported) say('error', `Error creating sender: ${goNetError('dial', net, test.ip_address, e as Error)}`);
    await profiler?.stop();
    return 1;
  }

  const counters: FloodCounters = { sent: 0, bytes: 0, corrupted: 0, signed: 0, oversized: 0 };
  let interrupted = false;
  const onSigint = (): void => { interrupted = true; };
  process.on('SIGINT', onSigint);
  const started = performance.now();
  const rateLine = new RateLine();
  let last = started;
  const ticker = setInterval(() => {
    const now = performance.now();
    const line = rateLine.next({ count: counters.sent, bytes: counters.bytes, seconds: (now - last) / 1000 });
    last = now;
    if (line !== undefined && !view) log.info(line);
  }, 1000);
  // ink and react load only for the live view: a plain run starts without them.
  if (live) view = (await import('./live/start.js')).startLiveView({ test: values.test, target: `${net} ${test.ip_address}`, counters, sender, started, onStop: onSigint });

  try {
    await floodLoop(sender, messages, {
      numMessages: test.num_messages,
      intervalMs: durationToMs(test.message_interval),
      percent: { corrupt: test.corrupt_percentage, signed: test.signed_percentage, oversized: test.oversized_percentage },
      stopped: () => interrupted || sendFailed || sender.failure !== undefined,
    }, counters);
    await sender.close(interrupted ? STOP_FLUSH_MS : 30_000);
  } finally {
    clearInterval(ticker);
    process.off('SIGINT', onSigint);
    await view?.stop();
    await profiler?.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  log.info(cleanShutdownLine(counters.sent, sender.stats.sent));
  if (values.json) process.stdout.write(JSON.stringify(summarize(values.test, test.ip_address, net, counters, sender.stats, seconds)) + '\n');
  return sender.failure !== undefined || sendFailed ? 1 : 0;
}
