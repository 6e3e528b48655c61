// The control messages a SandboxManagerFilter acts on (spec §6.5, §7): Type heka.control.sandbox,
// Logger hekad, the action as the last field. Heka's field constructor writes value_type and
// representation even when they are STRING and "", and so does Field here.
import { hostname } from 'node:os';
import { Field, HekaError, Message, type Text } from '@heka/core';

export const ACTIONS = ['load', 'unload'] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * Heka logged "Invalid action" and still sent the message, which the manager ignored; refusing
 * it before connecting tells the user at once and sends nothing.
 */
export function checkAction(action: string, hint: string): Action {
  if ((ACTIONS as readonly string[]).includes(action)) return action as Action;
  throw new HekaError('HEKA_SBMGR_ACTION', `Invalid action: ${action}`, { hint: `${hint}; nothing was sent` });
}

function controlMessage(fields: Field[], payload?: Text): Message {
  return Message.create({
    type: 'heka.control.sandbox',
    // "hekad" marks the message as internal for filtering purposes, as Heka's tools do.
    logger: 'hekad',
    hostname: hostname(),
    ...(payload === undefined ? {} : { payload }),
    fields,
  });
}

/** Load: the script as Payload, its TOML config as field `config` (representation toml). */
export function loadMessage(script: Text, config: Text): Message {
  return controlMessage([Field.of('config', config, 'toml'), Field.of('action', 'load')], script);
}

/** Unload: the filter's name as given in its config section (the manager adds its own prefix). */
export function unloadMessage(filterName: string): Message {
  return controlMessage([Field.of('name', filterName), Field.of('action', 'unload')]);
}
