// One generic suite every plugin declaration passes: documented, well-formed defaults, a valid
// example, strict about unknown keys, and filed where its type says.
import {
  IssueCode,
  decodeInstance,
  defaultGlobals,
  formatIssue,
  isComputed,
  validateConfigText,
  type AnyConfigField,
  type AnyPlugin,
  type ConfigIssue,
  type ConfigSchema,
  type DefaultContext,
} from '@heka/core';
import { createRegistry, plugins } from './index.js';

const globals = defaultGlobals();
const context: DefaultContext = { name: 'probe', globals, given: () => undefined };

function allFields(schema: ConfigSchema, prefix = ''): [string, AnyConfigField][] {
  return Object.entries(schema).flatMap(([key, field]): [string, AnyConfigField][] => {
    const name = `${prefix}${key}`;
    const nested = field.fields ? allFields(field.fields, `${name}.`) : [];
    const item = field.item ? [[`${name}[]`, field.item] as [string, AnyConfigField], ...(field.item.fields ? allFields(field.item.fields, `${name}[].`) : [])] : [];
    return [[name, field], ...nested, ...item];
  });
}

/** The smallest section of this plugin: its required settings, from their examples. */
function minimalTable(plugin: AnyPlugin): Record<string, unknown> {
  const table: Record<string, unknown> = {};
  for (const [key, field] of Object.entries({ ...plugin.commonFields, ...plugin.config } as ConfigSchema)) {
    if (field.required) table[key] = field.example;
  }
  return table;
}

function decode(plugin: AnyPlugin, table: Record<string, unknown>): { issues: ConfigIssue[]; ok: boolean } {
  const issues: ConfigIssue[] = [];
  const instance = decodeInstance({ name: 'probe', table }, plugin, globals, issues);
  return { issues, ok: instance !== undefined };
}

const kebab = (type: string) => type.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

describe.each(plugins.map((p) => [p.type, p] as const))('%s', (type, plugin) => {
  it('is declared in plugins/<family>s/<kebab-type>.ts under its type name', async () => {
    const module = (await import(`./${plugin.family}s/${kebab(type)}.js`)) as Record<string, unknown>;
    expect(module[type]).toBe(plugin);
  });

  it('documents itself and every setting', () => {
    expect(plugin.summary).toMatch(/^[A-Z].*\.$/);
    const undocumented = allFields({ ...plugin.commonFields, ...plugin.config }).filter(([, field]) => !/^\S[\s\S]*\.$/.test(field.doc)).map(([key]) => key);
    expect(undocumented).toEqual([]);
  });

  it('gives every required setting an example', () => {
    const withoutExample = Object.entries({ ...plugin.commonFields, ...plugin.config } as ConfigSchema).filter(([, f]) => f.required && f.example === undefined).map(([k]) => k);
    expect(withoutExample).toEqual([]);
  });

  it('has defaults that pass its own validation', () => {
    for (const [key, field] of Object.entries({ ...plugin.commonFields, ...plugin.config } as ConfigSchema)) {
      const raw = isComputed(field.declaredDefault) ? field.declaredDefault.compute(context) : field.declaredDefault;
      if (raw === undefined || field.kind === 'group') continue;
      const { issues } = decode(plugin, { ...minimalTable(plugin), [key]: raw });
      expect([key, issues.map(formatIssue)]).toEqual([key, []]);
    }
    expect(decode(plugin, minimalTable(plugin))).toEqual({ issues: [], ok: true });
  });

  it('has an example config that validates', () => {
    const example = plugin.example ?? `[${type}]\n`;
    const result = validateConfigText(example, createRegistry(), { env: {} });
    expect(result.issues.map(formatIssue)).toEqual([]);
    expect(result.plugins.some((p) => p.type === type && !p.isDefault)).toBe(true);
  });

  it('declares timerEvent exactly when its running filter or output has one (ticker_interval is checked by it)', () => {
    if (plugin.family !== 'filter' && plugin.family !== 'output') return;
    const issues: ConfigIssue[] = [];
    const instance = decodeInstance({ name: 'probe', table: minimalTable(plugin) }, plugin, globals, issues)!;
    const running = plugin.create!(instance.config, instance.common, { name: 'probe', globals }) as { timerEvent?: unknown };
    expect([type, typeof running.timerEvent === 'function']).toEqual([type, plugin.timerEvent === true]);
  });

  it('rejects an unknown key in Heka\'s words', () => {
    const { issues, ok } = decode(plugin, { ...minimalTable(plugin), zz_not_a_setting: 1 });
    expect(ok).toBe(false);
    expect(issues.map((i) => [i.code, i.message])).toEqual([[IssueCode.UnknownKey, "unknown config setting for 'probe': zz_not_a_setting"]]);
  });
});
