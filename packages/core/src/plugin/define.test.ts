import { computed, f } from '../config/index.js';
import { definePlugin, type CommonOf, type ConfigOf } from './define.js';

const Sample = definePlugin({
  type: 'SampleOutput',
  family: 'output',
  summary: 'A sample.',
  common: {
    encoder: f.string({ required: true, doc: 'Encoder.' }),
    use_framing: computed((c) => c.given('encoder') === 'ProtobufEncoder', 'true for protobuf'),
    buffering: { max_file_size: 134217728 },
    use_buffering: true,
  },
  config: {
    path: f.string({ required: true, doc: 'Path.' }),
    mode: f.oneOf(['AND', 'OR'], { default: 'AND', doc: 'Mode.' }),
    every: f.duration({ default: '1s', doc: 'Every.' }),
    label: f.string({ optional: true, doc: 'Label.' }),
  },
});

// Compile-time checks: the config type is inferred from the declaration.
type Config = ConfigOf<typeof Sample>;
const typed: Config = { path: '/x', mode: 'OR', every: 1n, label: undefined };
// @ts-expect-error mode is "AND" | "OR"
const badMode: Config = { ...typed, mode: 'XOR' };
// @ts-expect-error the config is read-only
typed.path = '/y';
const common: Pick<CommonOf<typeof Sample>, 'message_matcher' | 'use_buffering'> = { message_matcher: 'TRUE', use_buffering: true };

describe('definePlugin', () => {
  it('applies overrides of the common options', () => {
    void badMode;
    void common;
    const ctx = (encoder?: string) => ({ name: 'x', globals: {} as never, given: (k: string) => (k === 'encoder' ? encoder : undefined) });
    expect(Sample.commonFields['encoder']?.required).toBe(true);
    expect(Sample.commonFields['use_framing']?.defaultValue(ctx('ProtobufEncoder'))).toBe(true);
    expect(Sample.commonFields['use_framing']?.defaultValue(ctx('PayloadEncoder'))).toBe(false);
    expect(Sample.commonFields['use_buffering']?.defaultValue(ctx())).toBe(true);
    expect(Sample.commonFields['buffering']?.defaultValue(ctx())).toMatchObject({ max_file_size: 134217728, full_action: 'shutdown', cursor_update_count: 1 });
    expect(Object.isFrozen(Sample)).toBe(true);
  });

  it.each([
    [{ type: 'Sample', family: 'output' }, 'definePlugin("Sample"): Unrecognized plugin category: a type must end in Input, Splitter, Decoder, Filter, Encoder or Output'],
    [{ type: 'SampleInput', family: 'output' }, 'definePlugin("SampleInput"): the type ends in Input but the family is "output"'],
    [{ type: 'SampleOutput', family: 'output', config: { Encoder: f.string({ default: '', doc: 'd' }) } }, 'definePlugin("SampleOutput"): "Encoder" is a common output option; override it with `common` instead'],
    [{ type: 'SampleOutput', family: 'output', config: { Type: f.string({ default: '', doc: 'd' }) } }, 'definePlugin("SampleOutput"): "Type" is a common output option; override it with `common` instead'],
    [{ type: 'SampleOutput', family: 'output', common: { splitter: 'x' } }, 'definePlugin("SampleOutput"): common override "splitter" is not a common output option'],
    [{ type: 'SampleFilter', family: 'filter', common: { ticker_interval: 5 } }, 'definePlugin("SampleFilter"): a ticker_interval default needs `timerEvent: true`'],
  ])('refuses a broken declaration: %j', (spec, message) => {
    expect(() => definePlugin({ summary: 's', config: {}, ...spec } as never)).toThrow(message);
  });
});
