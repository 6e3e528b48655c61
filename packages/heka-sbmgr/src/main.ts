// heka-sbmgr: loads a Lua filter into, or unloads one from, a running hekad's
// SandboxManagerFilter by sending it one signed control message (spec §6.5). Everything that can
// be wrong (config, action, files) is checked before connecting, so a mistake sends nothing.
import { parseGoFlags } from '@heka/core';
import { readSbmgrConfig } from './config.js';
import { checkAction, loadMessage, unloadMessage } from './control.js';
import { signedEncoder } from './encode.js';
import { readInputFile } from './input-file.js';
import { sendRecords } from './send.js';

const PROGRAM = 'heka-sbmgr';

const FLAGS = {
  config: { type: 'string', default: 'sbmgr.toml', usage: 'Sandbox manager configuration file' },
  script: { type: 'string', default: 'xyz.lua', usage: 'Sandbox script file' },
  scriptconfig: { type: 'string', default: 'xyz.toml', usage: 'Sandbox script configuration file' },
  filtername: { type: 'string', default: 'filter', usage: 'Sandbox filter name (used on unload)' },
  action: { type: 'string', default: 'load', usage: 'Sandbox manager action' },
} as const;

export async function main(argv: string[]): Promise<number> {
  const { values } = parseGoFlags(PROGRAM, FLAGS, argv);
  const action = checkAction(values.action, '-action is load (send a script and its config) or unload (stop a filter by name)');
  const config = readSbmgrConfig(values.config);
  const message = action === 'load'
    ? loadMessage(readInputFile('script', values.script), readInputFile('scriptconfig', values.scriptconfig))
    : unloadMessage(values.filtername);
  const record = signedEncoder(config.signer)(message);
  await sendRecords(config, values.config, [record]);
  return 0;
}
