// Test harness: a splitter section in TOML, built as hekad builds it, run over a stream pushed
// in given chunks. Used by the splitter and runner tests.
import { recordSizeLimit, validateConfigText, type PluginInstance } from '@heka/core';
import type { Splitter } from '../../pipeline/contracts.js';
import { SplitterRunner, type SplitRecord, type SplitterProblem, type SplitterStats } from '../../pipeline/splitter-runner.js';

/** What a test sees of a record (the runner's record object is reused). */
export type RecordCopy = Pick<SplitRecord, 'bytes' | 'kind' | 'offset' | 'signer' | 'truncated'>;
import { createRegistry } from '../index.js';

export interface SplitResult {
  readonly records: RecordCopy[];
  readonly problems: SplitterProblem[];
  readonly stats: SplitterStats;
  readonly position: number;
}

const registry = createRegistry();

/** Validates `[hekad]`-less TOML holding one splitter section named `s` and returns its instance. */
export function splitterSection(body: string, hekad = ''): { instance: PluginInstance; maxRecordSize: number; splitter: Splitter } {
  const result = validateConfigText(`${hekad}[s]\n${body}\n`, registry, { env: {} });
  if (!result.ok) throw new Error(result.errors.join('\n'));
  const instance = result.plugins.find((p) => p.name === 's');
  if (instance?.plugin.create === undefined) throw new Error('no splitter s');
  const splitter = instance.plugin.create(instance.config, instance.common, { name: 's', globals: result.globals }) as Splitter;
  return { instance, maxRecordSize: recordSizeLimit(result.globals), splitter };
}

/** Splits `input` pushed as `chunks` (lengths, the last one repeated) and ends the input. */
export function split(body: string, input: Uint8Array, chunks: readonly number[] = [input.length], options: { hekad?: string; offset?: number; end?: boolean } = {}): SplitResult {
  const { instance, maxRecordSize, splitter } = splitterSection(body, options.hekad);
  const records: RecordCopy[] = [];
  const problems: SplitterProblem[] = [];
  const runner = new SplitterRunner({
    splitter,
    common: instance.common as never,
    maxRecordSize,
    ...(options.offset === undefined ? {} : { offset: options.offset }),
    onRecord: (r) => records.push({ bytes: r.bytes, kind: r.kind, offset: r.offset, signer: r.signer, truncated: r.truncated }),
    onProblem: (p) => problems.push(p),
  });
  let at = 0;
  for (let i = 0; at < input.length; i++) {
    const size = Math.max(1, chunks[Math.min(i, chunks.length - 1)]!);
    runner.push(input.subarray(at, at + size));
    at += size;
  }
  if (options.end !== false) runner.end();
  return { records, problems, stats: runner.stats, position: runner.position };
}

/** Every way to cut the input that the tests try: whole, in two at each position, byte by byte. */
export function chunkings(length: number): number[][] {
  const out: number[][] = [[length], [1]];
  for (let i = 1; i < length; i++) out.push([i, length]);
  return out;
}

export const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
