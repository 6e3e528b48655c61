// Test harness: decoder sections in TOML, validated and created as hekad does, run on packs.
import { Message, validateConfigText, type ValidatedConfig } from '@heka/core';
import type { Decoder } from '../../pipeline/contracts.js';
import { Pack } from '../../pipeline/pack.js';
import { createRegistry } from '../index.js';
import type { DecoderCreateContext } from './decoder-context.js';

const registry = createRegistry();

export interface BuiltDecoders {
  readonly config: ValidatedConfig;
  /** Errors logged through the context, in order. */
  readonly logged: string[];
  /** A new instance of section `name`. */
  create(name: string): Decoder;
}

/** Validates the TOML (it must be valid) and offers its decoder sections. */
export function decoders(toml: string): BuiltDecoders {
  const config = validateConfigText(toml, registry, { env: {} });
  if (!config.ok) throw new Error(config.errors.join('\n'));
  const logged: string[] = [];
  const create = (name: string): Decoder => {
    const found = config.plugins.find((p) => p.name === name && p.family === 'decoder');
    if (found?.plugin.create === undefined) throw new Error(`no decoder ${name}`);
    const context: DecoderCreateContext = {
      name,
      globals: config.globals,
      logError: (text) => logged.push(`${name}: ${text}`),
      decoder: (sub) => (config.plugins.some((p) => p.name === sub && p.family === 'decoder') ? create(sub) : undefined),
    };
    return found.plugin.create(found.config, found.common, context) as Decoder;
  };
  return { config, logged, create };
}

/** The problems validation reports for the TOML, formatted without file and line. */
export function configErrors(toml: string): string[] {
  return validateConfigText(toml, registry, { env: {} }).issues.filter((i) => i.severity === 'error').map((i) => `[${i.section ?? ''}].${i.path.join('.')}: ${i.message}`);
}

/** A pack holding a message as a splitter makes it from a payload record. */
export function payloadPack(payload: string, init: ConstructorParameters<typeof Message>[0] = {}): Pack {
  return new Pack(new Message({ uuid: new Uint8Array(16).fill(7), timestamp: 1_000_000_000n, logger: 'input', payload, ...init }));
}

/** Runs a decoder: the packs it returns, or the error text it throws. */
export async function run(decoder: Decoder, pack: Pack): Promise<{ packs: Pack[] } | { error: string }> {
  try {
    return { packs: await decoder.decode(pack) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

export interface MessageView {
  uuid: string;
  timestamp: bigint;
  type: string;
  logger: string;
  severity: number;
  payload: string;
  hostname: string;
  pid: number;
  /** name, value type, representation, values. */
  fields: [string, number, string, unknown[]][];
}

/** A message as plain data, for toEqual. */
export function view(m: Message): MessageView {
  return {
    uuid: m.uuidString, timestamp: m.timestamp, type: m.type, logger: m.logger, severity: m.severity,
    payload: m.payload, hostname: m.hostname, pid: m.pid,
    fields: m.fields.map((f) => [f.name, f.valueType, f.representation, [...f.values]]),
  };
}
