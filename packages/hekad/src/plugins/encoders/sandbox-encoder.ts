import { definePlugin, encodeMessage, type HekadGlobals } from '@heka/core';
import type { Encoder, ReportField } from '../../pipeline/contracts.js';
import type { Pack } from '../../pipeline/pack.js';
import { LuaSandbox } from '../../sandbox/lua-sandbox.js';
import { sandboxConfig, sandboxFields, type SandboxOptions } from '../../sandbox/sandbox-options.js';
import { usageReport } from '../../sandbox/limits.js';

/** process_message's status for "nothing to write for this message", not an error. */
const SKIP = -2;
const ONE_OUTPUT = 1; // a second injection is refused: "exceeded InjectMessage count"

/** A Lua encoder: what the script injects for a message is the bytes the output writes (spec §5.15). */
export class SandboxEncoderInstance implements Encoder {
  private readonly sandbox: LuaSandbox;
  private fatal: string | undefined;
  private injectedThisCall = 0;

  constructor(settings: SandboxOptions, name: string, globals: HekadGlobals) {
    const config = sandboxConfig(settings, name, globals);
    try {
      this.sandbox = LuaSandbox.create({
        ...config, kind: 'encoder',
        admit: () => (this.injectedThisCall++ === 0 ? 0 : ONE_OUTPUT),
      });
    } catch (e) {
      throw new Error(`Encoder '${name}': Init() ${(e as Error).message}`);
    }
  }

  encode(pack: Pack): Uint8Array | undefined {
    if (this.fatal !== undefined) throw new Error(this.fatal);
    this.injectedThisCall = 0;
    const bytes = pack.bytes ?? encodeMessage(pack.message);
    const r = this.sandbox.processMessage(bytes);
    if (this.sandbox.terminated || r.status > 0) {
      this.fatal = `FATAL: ${r.error ?? `process_message() returned ${r.status}`}`;
      throw new Error(this.fatal);
    }
    if (r.status === SKIP) return undefined;
    if (r.status < 0) throw new Error(`Failed serializing: ${r.error ?? ''}`);
    // what the script injected; else the message, with its write_message edits (made on a copy)
    return r.injected[0] ?? r.message ?? bytes;
  }

  report(): readonly ReportField[] {
    return usageReport(this.sandbox.usage());
  }

  stop(): void {
    this.sandbox.destroy();
  }
}

export const SandboxEncoder = definePlugin({
  type: 'SandboxEncoder',
  family: 'encoder',
  summary: 'Encodes each message with a Lua script: what it injects is what the output writes.',
  description: 'process_message() builds the output with add_to_payload/inject_payload (the payload bytes are the output) or inject_message (a table becomes Heka protobuf). Returning 0 without injecting writes the message as protobuf, with any write_message edits (made on a copy); -2 skips the message; another negative status is an error "Failed serializing: …".',
  example: `
[AlertEncoder]
type = "SandboxEncoder"
filename = "lua_encoders/alert.lua"
`,
  config: { ...sandboxFields },
  create: (config, _common, { name, globals }) => new SandboxEncoderInstance(config, name, globals),
});
