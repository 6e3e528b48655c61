// Test harness for the shipped Lua: runs Lua in our wasm sandbox with the shipped modules on the
// require path, and hands back what the script computed (as JSON) for Jest to check.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeMessage, encodeMessage, Message } from '@heka/core';
import { LuaSandbox, type SandboxConfig } from '../sandbox/lua-sandbox.js';

export const LUA_DIR = dirname(fileURLToPath(import.meta.url));
export const MODULES_DIR = join(LUA_DIR, 'modules');

const created: LuaSandbox[] = [];

/** A sandbox for one test; `afterEach(destroyCreated)` frees every one made since. */
export function createSandbox(config: SandboxConfig): LuaSandbox {
  const sb = LuaSandbox.create(config);
  created.push(sb);
  return sb;
}

export function destroyCreated(): void {
  for (const sb of created.splice(0)) sb.destroy();
}

/**
 * A shipped script (`path` under src/lua, e.g. 'filters/http_status.lua') as hekad runs it: the
 * shipped modules on the require path; a filter unless `options` say otherwise.
 */
export function loadShipped(path: string, config: Record<string, unknown>, options: Partial<SandboxConfig> = {}): LuaSandbox {
  return createSandbox({
    source: readFileSync(join(LUA_DIR, path)), filename: path, moduleDirectory: MODULES_DIR, config, kind: 'filter', hostname: 'heka-host', ...options,
  });
}

const blank = () => encodeMessage(new Message({ uuid: new Uint8Array(16), timestamp: 0n, payload: '' }));

/**
 * Evaluates `body` (Lua statements ending in `return value`) inside process_message and returns
 * the value decoded from JSON. Numbers too large for cjson's 14 digits should be returned as
 * strings (the `ns` helper formats a number as an integer string).
 */
export function luaEval(body: string, cfg: Partial<SandboxConfig> = {}, message: Uint8Array = blank()): unknown {
  const source = `require 'cjson'
require 'string'
local function ns(x) return string.format('%.0f', x) end
local function run() ${body}
end
function process_message()
  local r = run()
  inject_payload('json', '', cjson.encode({ r = r }))
  return 0
end`;
  const sb = LuaSandbox.create({ source, filename: 'eval.lua', moduleDirectory: MODULES_DIR, kind: 'filter', ...cfg });
  try {
    const out = sb.processMessage(message);
    if (out.status !== 0) throw new Error(out.error ?? `status ${out.status}`);
    const payload = decodeMessage(out.injected[0]!).payload;
    return (JSON.parse(payload) as { r?: unknown }).r ?? null; // nil (absent in JSON) reads as null
  } finally {
    sb.destroy();
  }
}

/** The error text a failing body raises (for checking user-facing messages). */
export function luaError(body: string, cfg: Partial<SandboxConfig> = {}): string {
  try {
    luaEval(body, cfg);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('the Lua code did not fail');
}
