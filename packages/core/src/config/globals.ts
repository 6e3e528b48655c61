// The [hekad] section: process-wide settings, strictly decoded (an unknown key is fatal in Heka).
import { hostname } from 'node:os';
import { decodeSection, givenKey, type DecodeTarget, type IssueLocation } from './decode.js';
import { computed, f, type ConfigValues, type DefaultContext } from './fields.js';
import type { ConfigIssue, KeyPath } from './issues.js';
import { DEFAULT_MAX_MESSAGE_SIZE, maxRecordSize } from '../message/framing.js';

export const hekadGlobalFields = {
  maxprocs: f.int({ default: 1, min: 1, doc: 'Go scheduler threads in Heka; here the number of worker threads available for decoding.' }),
  poolsize: f.int({ default: 100, min: 1, doc: 'Messages in the input pool, and again in the inject pool.' }),
  plugin_chansize: f.int({ default: 30, min: 0, doc: 'Capacity of the router, matcher, filter, output and decoder queues.' }),
  cpuprof: f.string({ default: '', advanced: true, doc: 'File to write a CPU profile to.' }),
  memprof: f.string({ default: '', advanced: true, doc: 'File to write a heap profile to at exit.' }),
  max_message_loops: f.uint({ default: 4, doc: 'How many times a message may be re-injected by filters; 0 is taken as 1.' }),
  max_process_inject: f.uint({ default: 1, doc: 'Messages a sandbox may inject from one process_message call.' }),
  max_process_duration: f.uint({ default: 100000, unit: 'ns', advanced: true, doc: 'A sandbox process_message call slower than this counts as slow.' }),
  max_timer_inject: f.uint({ default: 10, doc: 'Messages a sandbox may inject from one timer_event call.' }),
  max_pack_idle: f.duration({
    default: '2m',
    advanced: true,
    doc: 'A message held by a plugin longer than this is reported as possibly leaked.',
    invalidMessage: (text) => `Can't parse \`max_pack_idle\` time duration: ${text}`,
  }),
  base_dir: f.string({ default: '/var/cache/hekad', doc: 'Writable directory for journals, buffers and sandbox state; created at startup.' }),
  share_dir: f.string({ default: '/usr/share/heka', doc: 'Read-only resources root (lua_decoders/, lua_modules/, …, dashboard files); while the default /usr/share/heka does not exist, hekad uses the copy bundled with it.' }),
  sample_denominator: f.int({
    default: 1000,
    advanced: true,
    doc: 'Time one message in about this many when measuring matcher and plugin durations.',
    check: (v) => (v <= 0 ? { message: "'sample_denominator' value must be greater than 0.", hint: 'write sample_denominator = 1000 (the default)' } : undefined),
  }),
  pid_file: f.string({ default: '', doc: 'Write the process id to this file at startup.' }),
  hostname: f.string({ default: computed(() => hostname(), 'the machine host name'), doc: 'Host name put on messages hekad creates.' }),
  max_message_size: f.uint({
    default: 0,
    max: 4294967295,
    unit: 'bytes',
    doc: 'Largest message accepted; 0 means 65536.',
    check: (v) => (v !== 0 && v <= 1024 ? { message: `max_message_size must be greater than 1024, got ${v}`, hint: 'raise it, or write 0 for the default of 65536' } : undefined),
  }),
  log_flags: f.int({ default: 3, min: 0, max: 63, doc: 'Log line prefix bits as in Go: 1 date, 2 time, 4 microseconds, 8 long file, 16 short file, 32 UTC; 0 for none.' }),
  full_buffer_max_retries: f.uint({ default: 10, max: 4294967295, advanced: true, doc: 'Start-up checks of a full disk buffer before giving up.' }),
} as const;

export type HekadGlobals = ConfigValues<typeof hekadGlobalFields>;

const unknownKeyHint = `remove it; [hekad] accepts ${Object.keys(hekadGlobalFields).join(', ')}`;

function globalsContext(raw: Readonly<Record<string, unknown>>): DefaultContext {
  return {
    name: 'hekad',
    get globals(): HekadGlobals {
      throw new Error('[hekad] defaults cannot depend on [hekad]');
    },
    given: (key) => givenKey(raw, key),
  };
}

/**
 * Decodes a [hekad] table (or none: all defaults). Problems go to `issues`; on error the result is
 * undefined and the caller may go on with `defaultGlobals()` to check the plugins too.
 */
export function decodeGlobals(
  raw: Readonly<Record<string, unknown>> | undefined,
  issues: ConfigIssue[],
  locate?: (path: KeyPath) => IssueLocation | undefined,
): HekadGlobals | undefined {
  const table = raw ?? {};
  const target: DecodeTarget = {
    section: 'hekad',
    context: globalsContext(table),
    unknownKeyMessage: (key) => `Configuration contains key [${key}] which doesn't exist in struct`,
    unknownKeyHint,
    ...(locate ? { locate } : {}),
  };
  const globals = decodeSection(hekadGlobalFields, table, target, issues);
  if (globals === undefined) return undefined;
  // Heka coerces a loop limit of 0 to 1 rather than refusing it.
  return globals.max_message_loops === 0 ? Object.freeze({ ...globals, max_message_loops: 1 }) : globals;
}

export function defaultGlobals(): HekadGlobals {
  return decodeGlobals({}, [])!;
}

/** The message size limit in force: `max_message_size`, or 65536 when it is 0. */
export function messageSizeLimit(globals: HekadGlobals): number {
  return globals.max_message_size || DEFAULT_MAX_MESSAGE_SIZE;
}

/** The largest framed record a splitter or disk buffer must hold (Heka's MAX_RECORD_SIZE). */
export function recordSizeLimit(globals: HekadGlobals): number {
  return maxRecordSize(messageSizeLimit(globals));
}
