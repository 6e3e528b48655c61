import { definePlugin, f } from '@heka/core';
import type { Decoder, ReportField } from '../../pipeline/contracts.js';
import type { Pack } from '../../pipeline/pack.js';
import { SampledDuration } from '../../pipeline/sampled-duration.js';
import type { DecoderCreateContext } from './decoder-context.js';

export const ALL_SUBDECODERS_FAILED = 'All subdecoders failed.';

/** Counts and timing of one sub, reported as `ProcessMessageCount-<sub>` etc. */
class SubStats {
  count = 0;
  failures = 0;
  readonly time = new SampledDuration();

  constructor(readonly name: string, readonly decoder: Decoder) {}

  /** The sub's packs, or the error it threw; one in `sampleDenominator` calls is timed. */
  async decode(pack: Pack, sampleDenominator: number): Promise<Pack[] | Error> {
    const timed = this.count % sampleDenominator === 0;
    this.count++;
    const start = timed ? process.hrtime.bigint() : undefined;
    try {
      return await this.decoder.decode(pack);
    } catch (e) {
      this.failures++;
      return e instanceof Error ? e : new Error(String(e));
    } finally {
      if (start !== undefined) this.time.add(Number(process.hrtime.bigint() - start));
    }
  }

  report(): ReportField[] {
    return [
      { name: `ProcessMessageCount-${this.name}`, value: this.count, representation: 'count' },
      { name: `ProcessMessageFailures-${this.name}`, value: this.failures, representation: 'count' },
      { name: `ProcessMessageSamples-${this.name}`, value: this.time.samples, representation: 'count' },
      { name: `ProcessMessageAvgDuration-${this.name}`, value: this.time.averageNs, representation: 'ns' },
    ];
  }
}

export interface MultiDecoderOptions {
  readonly subs: readonly { readonly name: string; readonly decoder: Decoder }[];
  readonly strategy: 'first-wins' | 'all';
  /** Called with each sub's error text when log_sub_errors is set. */
  readonly logSubError?: ((text: string) => void) | undefined;
  readonly sampleDenominator: number;
}

/**
 * Runs several decoders on each message. A sub succeeds when it returns at least one pack without
 * throwing; one that returns none (a PayloadRegexDecoder with log_errors = false that did not
 * match) has not decoded the message, so the next sub gets its chance.
 */
export class MultiDecoderInstance implements Decoder {
  private readonly subs: SubStats[];

  constructor(private readonly options: MultiDecoderOptions) {
    this.subs = options.subs.map((s) => new SubStats(s.name, s.decoder));
  }

  private async attempt(sub: SubStats, pack: Pack): Promise<Pack[] | undefined> {
    const result = await sub.decode(pack, this.options.sampleDenominator);
    if (result instanceof Error) {
      this.options.logSubError?.(`Subdecoder '${sub.name}' decode error: ${result.message}`);
      return undefined;
    }
    return result.length > 0 ? result : undefined;
  }

  async decode(pack: Pack): Promise<Pack[]> {
    if (this.options.strategy === 'first-wins') {
      for (const sub of this.subs) {
        const packs = await this.attempt(sub, pack);
        if (packs) return packs;
      }
      throw new Error(ALL_SUBDECODERS_FAILED);
    }
    // all: each sub works on every pack produced so far; one it cannot decode passes on as it is.
    let current = [pack];
    let anySucceeded = false;
    for (const sub of this.subs) {
      const next: Pack[] = [];
      for (const p of current) {
        const packs = await this.attempt(sub, p);
        if (packs) anySucceeded = true;
        next.push(...(packs ?? [p]));
      }
      current = next;
    }
    if (!anySucceeded) throw new Error(ALL_SUBDECODERS_FAILED);
    return current;
  }

  report(): readonly ReportField[] {
    return this.subs.flatMap((s) => s.report());
  }
}

export const MultiDecoder = definePlugin({
  type: 'MultiDecoder',
  family: 'decoder',
  summary: 'Runs other decoder sections on each message: the first that decodes it, or all of them in turn.',
  description: 'With cascade_strategy = "first-wins" the subs are tried in order and the first that returns messages wins; when none does the decode fails with "All subdecoders failed.". With "all" the first sub decodes the message and every following sub decodes each message produced so far; a message a sub cannot decode passes on unchanged, and the decode fails only when no sub succeeded. A sub succeeds when it returns at least one message without an error. Each sub is a separate instance of its section. MultiDecoder sections are created after every other decoder, subs first; a loop of MultiDecoders is refused at load. The report adds ProcessMessageCount-, ProcessMessageFailures-, ProcessMessageSamples- and ProcessMessageAvgDuration-<sub> fields.',
  example: `
[shipped]
type = "MultiDecoder"
subs = ["ProtobufDecoder", "stamp"]
cascade_strategy = "all"

[stamp]
type = "ScribbleDecoder"
[stamp.message_fields]
Type = "shipped"
`,
  dependsOn: 'subs',
  config: {
    subs: f.array(f.string({ doc: 'Decoder section name.' }), {
      required: true,
      example: ['ProtobufDecoder', 'stamp'],
      doc: 'Names of the decoder sections to run, in order (at least one).',
      check: (subs) => (subs.length > 0 ? undefined : { message: 'subs must name at least one decoder section', hint: 'write subs = ["ProtobufDecoder"] with the names of your decoder sections' }),
    }),
    cascade_strategy: f.oneOf(['first-wins', 'all'], { default: 'first-wins', doc: '"first-wins": the first sub that decodes the message wins. "all": every sub decodes the output of the ones before it.' }),
    log_sub_errors: f.bool({ default: false, doc: 'Log each error a sub returns (the message may still be decoded by another sub).' }),
  },
  create: (config, _common, context: DecoderCreateContext) => {
    const build = context.decoder;
    if (build === undefined) throw new Error(`MultiDecoder '${context.name}': this runtime cannot create subdecoders`);
    const subs = config.subs.map((name) => {
      const decoder = build(name);
      if (decoder === undefined) throw new Error(`MultiDecoder '${context.name}': subdecoder '${name}' is not a decoder section`);
      return { name, decoder };
    });
    const logError = context.logError;
    return new MultiDecoderInstance({
      subs,
      strategy: config.cascade_strategy,
      logSubError: config.log_sub_errors && logError ? (text) => logError(text) : undefined,
      sampleDenominator: context.globals.sample_denominator,
    });
  },
});
