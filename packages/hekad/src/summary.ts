// The short report `hekad -check` prints for a valid configuration: sections by family.
import { REPORT_ORDER, familyPlural, type LoadedConfig, type PluginInstance } from '@heka/core';

function label(instance: PluginInstance): string {
  if (instance.isDefault) return `${instance.name} (default)`;
  return instance.name === instance.type ? instance.name : `${instance.name} (${instance.type})`;
}

export function formatSummary(loaded: LoadedConfig, plugins: readonly PluginInstance[]): string {
  const files = loaded.files.length === 1 && loaded.files[0] === loaded.path ? '' : ` (${loaded.files.length} file${loaded.files.length === 1 ? '' : 's'})`;
  const lines = [`Configuration OK: ${loaded.path}${files}`];
  const width = Math.max(...REPORT_ORDER.map((f) => familyPlural(f).length)) + 1;
  for (const family of REPORT_ORDER) {
    const names = plugins.filter((p) => p.family === family).map(label);
    lines.push(`  ${`${familyPlural(family)}:`.padEnd(width)} ${names.length > 0 ? names.join(', ') : 'none'}`);
  }
  return lines.join('\n') + '\n';
}
