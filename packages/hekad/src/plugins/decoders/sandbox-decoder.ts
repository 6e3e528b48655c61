import { Field, ValueType, checkMessage, decodeMessage, definePlugin, encodeMessage, type HekadGlobals, type Message } from '@heka/core';
import type { Decoder, ReportField } from '../../pipeline/contracts.js';
import { Pack } from '../../pipeline/pack.js';
import { LuaSandbox, type CallResult, type InjectKind } from '../../sandbox/lua-sandbox.js';
import type { DecoderCreateContext } from './decoder-context.js';
import { sandboxConfig, sandboxFields, type SandboxOptions } from '../../sandbox/sandbox-options.js';
import { usageReport } from '../../sandbox/limits.js';
import { configuredZone, wallClockIn } from './zone-time.js';
import { InheritedHeaders, withInheritedHeaders } from './injected-headers.js';
import { preservationPath, restorePreserved, savePreserved } from '../../sandbox/preservation.js';
import { WorkerSandboxDecoder } from './worker-sandbox-decoder.js';
import { lineHeaders, recordAt, type RecordBatch } from './record-batch.js';

/** A Lua decoder: process_message per record; what it injects replaces the record (spec §5.6). */
export class SandboxDecoderInstance implements Decoder {
  private readonly sandbox: LuaSandbox;
  private fatal: string | undefined;
  private failures = 0;
  private count = 0;
  private readonly tz: string | undefined;
  private readonly inherited = new InheritedHeaders();

  private readonly preservePath: string | undefined;
  // The record being decoded, encoded only if the script reads more than its payload (one
  // function made once, not a closure per record).
  private current: Pack | undefined;
  // or, in a worker, the batch and index of the log line being decoded (its Pack made on demand)
  private line: RecordBatch | undefined;
  private lineIndex = 0;
  private readonly encodeCurrent = (): Uint8Array => encodeMessage(this.record().message);
  // What the current call injected, [0, taken): lists reused from record to record.
  private readonly takenBytes: Uint8Array[] = [];
  private readonly takenKinds: InjectKind[] = [];
  private taken = 0;
  // The current record's headers, encoded (InheritedHeaders.of), for merging into what it injects.
  private headers: readonly (Uint8Array | undefined)[] = [];

  /**
   * Runs the script once, then restores what preserve_data saved at the last stop: a missing
   * file, a load error or unusable preserved data stops hekad at startup, as in Heka.
   */
  constructor(settings: SandboxOptions, private readonly name: string, globals: HekadGlobals, private readonly logError?: (text: string) => void) {
    const config = sandboxConfig(settings, name, globals);
    this.preservePath = settings.preserve_data ? preservationPath(globals.base_dir, name) : undefined;
    try {
      this.tz = configuredZone(settings.config, name);
      this.sandbox = LuaSandbox.create({
        ...config,
        kind: 'decoder',
        take: (bytes, kind) => {
          this.takenBytes[this.taken] = bytes;
          this.takenKinds[this.taken++] = kind;
        },
      });
      if (this.preservePath) restorePreserved(this.sandbox, this.preservePath);
    } catch (e) {
      throw new Error(`Decoder '${name}': Init() ${(e as Error).message}`);
    }
  }

  /** The stream ended: preserve_data saves the script's globals, then the sandbox is freed. */
  stop(): void {
    if (this.sandbox.terminated) return;
    if (this.preservePath) {
      try {
        savePreserved(this.sandbox, this.preservePath);
      } catch (e) {
        this.logError?.(`Destroy() ${(e as Error).message}`);
      }
    }
    this.sandbox.destroy();
  }

  decode(pack: Pack): Pack[] {
    this.current = pack;
    let count: number;
    try {
      count = this.run();
    } finally {
      this.current = undefined;
    }
    if (count === 0) return [pack];
    const original = pack.message;
    const packs = new Array<Pack>(count);
    for (let i = 0; i < count; i++) {
      const bytes = this.takenBytes[i]!;
      const kind = this.takenKinds[i]!;
      const out = i > 0 ? new Pack(original) : pack; // the first injection reuses the record's pack
      const merged = this.merged(bytes, kind);
      if (merged !== undefined) {
        // carried as bytes, decoded only if something reads the message (a matcher, a filter);
        // with one message per record, nothing else refers to the record's message any more
        checkMessage(merged);
        out.carry(merged, count === 1);
      } else {
        out.message = this.injected(bytes, kind, original);
        out.bytes = undefined;
      }
      packs[i] = out;
    }
    return packs;
  }

  /**
   * A worker's decoding of one record of a batch: its messages' bytes go to `take`, in order.
   * The record is `pack`, or (pack undefined) the log line `lineIndex` of `line`
   * (record-batch.ts), whose payload goes to the sandbox straight from the batch; its Pack is
   * made only when something needs it (the script reads more than the payload, write_message,
   * a failure, nothing injected), so most lines cost no Pack and no Message.
   */
  decodeInto(pack: Pack | undefined, line: RecordBatch | undefined, lineIndex: number, take: (bytes: Uint8Array) => void): void {
    this.current = pack;
    this.line = line;
    this.lineIndex = lineIndex;
    try {
      const count = this.run();
      if (count === 0) {
        const record = this.record();
        take(record.bytes ?? encodeMessage(record.message));
        return;
      }
      for (let i = 0; i < count; i++) {
        const bytes = this.takenBytes[i]!;
        const kind = this.takenKinds[i]!;
        take(this.merged(bytes, kind) ?? encodeMessage(this.injected(bytes, kind, this.record().message)));
      }
    } finally {
      this.current = undefined;
      this.line = undefined;
    }
  }

  /** The record being decoded (made from the batch's line the first time it is needed). */
  private record(): Pack {
    return (this.current ??= recordAt(this.line!, this.lineIndex));
  }

  /**
   * process_message over the current record (this.current, or this.line's record lineIndex);
   * throws its failure; applies a write_message edit to the record. Returns how many messages
   * it injected (takenBytes/takenKinds[0, count)).
   */
  private run(): number {
    const sandbox = this.sandbox;
    if (this.fatal !== undefined) throw new Error(this.fatal);
    this.count++;
    const pack = this.current;
    const line = this.line;
    // the core merges the record's headers into what the script injects (set when they change)
    const before = this.inherited.bytes;
    this.headers = pack ? this.inherited.of(pack.message) : this.inherited.of(lineHeaders(line!, this.lineIndex));
    if (this.inherited.bytes !== before) sandbox.inherit(this.inherited.bytes);
    this.taken = 0;
    // a record without bytes (a splitter's) is encoded only if the script reads more than its payload
    let r: CallResult;
    if (pack === undefined) r = sandbox.processPayloadIn(line!.data, line!.starts[this.lineIndex]!, line!.ends[this.lineIndex]!, this.encodeCurrent);
    else if (pack.bytes) r = sandbox.processMessage(pack.bytes);
    else r = sandbox.processPayload(pack.message.payloadBytes, this.encodeCurrent);
    if (sandbox.terminated || r.status > 0) {
      // Heka shuts hekad down here; this decoder instead fails every later record with the reason.
      this.fatal = `FATAL: ${r.error ?? `process_message() returned ${r.status}`}`;
      throw new Error(this.fatal);
    }
    if (r.status < 0) {
      this.failures++;
      throw new Error(`Failed parsing: ${r.error ?? ''} payload: ${this.record().message.payload}`);
    }
    if (r.message) { // write_message changed the record's message
      const record = this.record();
      record.message = decodeMessage(r.message);
      record.bytes = r.message;
      this.headers = this.inherited.of(record.message);
    }
    return this.taken;
  }

  /**
   * Fast path: an injected message with the record's headers (merged by the core, or here as
   * bytes), to be decoded lazily; undefined when the message must be decoded and filled in.
   */
  private merged(bytes: Uint8Array, kind: InjectKind): Uint8Array | undefined {
    return kind === 'message' && this.tz === undefined ? withInheritedHeaders(bytes, this.headers) : undefined;
  }

  report(): readonly ReportField[] {
    return [
      ...usageReport(this.sandbox.usage()),
      { name: 'ProcessMessageCount', value: this.count, representation: 'count' },
      { name: 'ProcessMessageFailures', value: this.failures, representation: 'count' },
    ];
  }

  /** An injected message with the original's headers wherever the script left them out. */
  private injected(bytes: Uint8Array, kind: InjectKind, original: Message): Message {
    if (kind === 'payload') {
      // inject_payload in a decoder rewrites the record's payload and tags it, keeping the rest
      const sent = decodeMessage(bytes);
      original.payload = sent.payload;
      for (const f of sent.fields) {
        original.fields.push(new Field({ name: f.name, valueType: ValueType.STRING, representation: f.name === 'payload_type' ? 'file-extension' : '', values: f.values }));
      }
      return original;
    }
    const m = decodeMessage(bytes);
    if (this.tz !== undefined) this.applyZone(m, this.tz);
    if (m._type === undefined) m.type = original.type;
    if (m._hostname === undefined) m.hostname = original.hostname;
    if (m._logger === undefined) m.logger = original.logger;
    if (m._severity === undefined) m.severity = original.severity;
    if (m._pid === undefined) m.pid = original.pid;
    return m;
  }

  /** `tz`: the Timestamp and a `timegenerated` DOUBLE field were computed as UTC wall-clock time. */
  private applyZone(m: Message, tz: string): void {
    m.timestamp = wallClockIn(m.timestamp, tz);
    const generated = m.fields.find((f) => f.name === 'timegenerated');
    const first = generated?.valueType === ValueType.DOUBLE ? generated.values[0] : undefined;
    if (typeof first === 'number') generated!.values[0] = Number(wallClockIn(BigInt(Math.trunc(first)), tz));
  }
}

export const SandboxDecoder = definePlugin({
  type: 'SandboxDecoder',
  family: 'decoder',
  summary: 'Decodes each record with a Lua script: the messages it injects replace the record.',
  description: 'process_message() reads the record with read_message and injects the decoded message(s) with inject_message; headers it leaves out are taken from the record. Returning a negative status fails the record ("Failed parsing: …"); returning 0 without injecting passes the record on unchanged. A `tz` key in the config table (an IANA zone name) makes the timestamps the script computed as UTC wall-clock time count as wall-clock time in that zone (the Timestamp and a DOUBLE timegenerated field). With [hekad] maxprocs > 1 each stream\'s decoder runs in a worker thread (up to maxprocs of them), which gets the records in batches and returns the same messages in the same order. Shipped decoders: lua_decoders/nginx_access.lua, apache_access.lua, nginx_error.lua, rsyslog.lua, json.lua.',
  example: `
[NginxDecoder]
type = "SandboxDecoder"
filename = "lua_decoders/nginx_access.lua"
  [NginxDecoder.config]
  type = "nginx.access"
`,
  config: { ...sandboxFields },
  create: (config, _common, context: DecoderCreateContext) => (context.globals.maxprocs > 1
    ? new WorkerSandboxDecoder(config, context.name, context.globals, context.logError)
    : new SandboxDecoderInstance(config, context.name, context.globals, context.logError)),
});
