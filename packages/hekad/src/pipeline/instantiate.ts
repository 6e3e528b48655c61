// Building running plugin objects from validated config instances.
import { HekaError, type HekadGlobals, type PluginInstance } from '@heka/core';

/**
 * Calls the declaration's create; a declared type without one cannot run in this release.
 * `extra` adds what a family's plugins may use besides name and globals (decoders: `logError`,
 * `decoder(name)` for MultiDecoder's subs).
 */
export function instantiate<T>(instance: PluginInstance, globals: HekadGlobals, name = instance.name, extra: object = {}): T {
  const create = instance.plugin.create;
  if (!create) {
    throw new HekaError('HEKA_PLUGIN_NOT_RUNNABLE', `${instance.type} ('${instance.name}') is declared but cannot run in this release`, {
      hint: 'hekad -check accepts its configuration; remove the section to run the rest',
    });
  }
  return create(instance.config, instance.common, { ...extra, name, globals }) as T;
}
