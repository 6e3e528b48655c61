// heka-sbmgrload: load-tests a SandboxManagerFilter by loading (or unloading) -num counting
// filters, CounterSandbox0 … CounterSandbox<num-1>, with signed control messages (spec §6.6).
import { HekaError, parseGoFlags } from '@heka/core';
import { readSbmgrConfig } from './config.js';
import { checkAction, loadMessage, unloadMessage } from './control.js';
import { COUNTER_SCRIPT, counterConfig, counterName } from './counter-sandbox.js';
import { signedEncoder } from './encode.js';
import { sendRecords } from './send.js';

const PROGRAM = 'heka-sbmgrload';

const FLAGS = {
  config: { type: 'string', default: 'sbmgrload.toml', usage: 'Sandbox manager load configuration file' },
  action: { type: 'string', default: 'load', usage: 'load/unload' },
  num: { type: 'int', default: 1, usage: 'Number of sandboxes to load/unload' },
} as const;

export async function main(argv: string[]): Promise<number> {
  const { values } = parseGoFlags(PROGRAM, FLAGS, argv);
  const action = checkAction(values.action, '-action is load (start -num CounterSandbox filters) or unload (stop them)');
  if (values.num < 1) {
    // Heka silently sent nothing; a count below 1 is almost certainly a typo.
    throw new HekaError('HEKA_FLAG_INVALID', `-num ${values.num}: nothing to ${action}`, { hint: 'give -num the number of sandboxes, 1 or more', exitCode: 2 });
  }
  const config = readSbmgrConfig(values.config);
  const encode = signedEncoder(config.signer);
  // Made as they are sent (each stamped then), so a large -num does not sit in memory.
  function* records(): Generator<Uint8Array> {
    for (let i = 0; i < values.num; i++) {
      yield encode(action === 'load' ? loadMessage(COUNTER_SCRIPT, counterConfig(i)) : unloadMessage(counterName(i)));
    }
  }
  await sendRecords(config, values.config, records());
  return 0;
}
