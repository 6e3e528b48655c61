// Test helper: a shipped decoder (from the package's share_dir) run over payload records.
import type { Message } from '@heka/core';
import { decoders, payloadPack, run } from '../../plugins/decoders/decoder-harness.js';

/** TOML for the [D.config] table: strings quoted with ''' so templates keep their backslashes. */
function configToml(config: Record<string, string | number | boolean>): string {
  return Object.entries(config).map(([k, v]) => `${k} = ${typeof v === 'string' ? `'''${v}'''` : String(v)}`).join('\n');
}

/** A decoder of lua_decoders/<script> with the given config. */
export function shippedDecoder(script: string, config: Record<string, string | number | boolean>) {
  return decoders(`[D]\ntype = "SandboxDecoder"\nfilename = "lua_decoders/${script}"\n[D.config]\n${configToml(config)}\n`).create('D');
}

/** The messages decoding `payload` gives, or the error text. */
export async function decode(decoder: ReturnType<typeof shippedDecoder>, payload: string): Promise<Message[] | string> {
  const r = await run(decoder, payloadPack(payload, { hostname: 'input.host', type: 'logfile', severity: 7 }));
  return 'error' in r ? r.error : r.packs.map((p) => p.message);
}

/** Fields as {name: [value(s), representation]}; values of one-element fields unwrapped. */
export function fieldsOf(m: Message): Record<string, [unknown, string]> {
  return Object.fromEntries(m.fields.map((f) => [f.name, [f.values.length === 1 ? f.values[0] : f.values, f.representation]]));
}
