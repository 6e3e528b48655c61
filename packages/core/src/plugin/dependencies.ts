// Instances built from other sections of their family (a plugin's `dependsOn` option, as
// MultiDecoder's `subs`): the names must be sections of that family, must not loop, and the
// dependents load after the rest of their family with what they depend on first (Heka loads
// MultiDecoders after every other decoder, ordered by their subs).
import { IssueCode, givenKey, type ConfigIssue } from '../config/index.js';
import { LOAD_ORDER } from './family.js';
import { reporter, type PluginInstance } from './instance.js';
import { hintFor, type ResolvedSection } from './references.js';
import type { Registry } from './registry.js';

function dependencies(instance: PluginInstance): readonly string[] {
  const key = instance.plugin.dependsOn as string | undefined;
  if (key === undefined) return [];
  const names = (instance.config as Readonly<Record<string, unknown>>)[key];
  return Array.isArray(names) ? (names as string[]) : [];
}

/** The key as the section spells it (keys match case-insensitively). */
function spelledKey(section: ResolvedSection | undefined, key: string): string {
  if (section === undefined || givenKey(section.section.table, key) === undefined) return key;
  return Object.keys(section.section.table).find((k) => k.toLowerCase() === key.toLowerCase()) ?? key;
}

/**
 * Checks the dependencies of `plugins` (valid instances in load order) and returns them with each
 * family's dependents moved after its other members, dependencies first. Missing names and cycles
 * are reported in `issues`; instances on a cycle are placed together where the cycle is found.
 */
export function orderDependents(plugins: readonly PluginInstance[], sections: readonly ResolvedSection[], registry: Registry, issues: ConfigIssue[]): PluginInstance[] {
  const sectionOf = new Map(sections.map((s) => [s.section.name, s] as const));
  const families = new Map(sections.map(({ section, plugin }) => [section.name, plugin.family] as const));
  const dependents = plugins.filter((p) => p.plugin.dependsOn !== undefined);
  if (dependents.length === 0) return [...plugins];

  for (const p of dependents) {
    const resolved = sectionOf.get(p.name);
    const key = spelledKey(resolved, p.plugin.dependsOn as string);
    dependencies(p).forEach((target) => {
      if (families.get(target) === p.family) return;
      const report = resolved ? reporter(resolved.section, issues) : undefined;
      report?.([key], IssueCode.UndefinedReference, `no ${p.family} section named ${target}`, hintFor(target, p.family, sections, registry));
    });
  }

  // Depth first from each dependent in load order, its dependencies before it.
  const byName = new Map(plugins.map((p) => [p.name, p] as const));
  const placed = new Set<string>();
  const onCycle = new Set<string>();
  const ordered: PluginInstance[] = [];
  const visit = (p: PluginInstance, path: readonly string[]): void => {
    if (placed.has(p.name) || onCycle.has(p.name)) return;
    const at = path.indexOf(p.name);
    if (at >= 0) {
      const cycle = [...path.slice(at), p.name];
      const first = byName.get(cycle[0]!)!;
      const resolved = sectionOf.get(first.name);
      const key = spelledKey(resolved, first.plugin.dependsOn as string);
      if (resolved) reporter(resolved.section, issues)([key], IssueCode.CircularDependency, `circular dependency detected: ${cycle.join(' → ')}`, `a section cannot be built from itself; remove one of these names from its ${key}`);
      // Placed here, in the cycle's order, so whatever depends on them still comes after.
      for (const name of cycle.slice(0, -1)) {
        onCycle.add(name);
        ordered.push(byName.get(name)!);
      }
      return;
    }
    for (const target of dependencies(p)) {
      const dep = byName.get(target);
      if (dep !== undefined && dep.family === p.family && dep.plugin.dependsOn !== undefined) visit(dep, [...path, p.name]);
      if (onCycle.has(p.name)) return;
    }
    placed.add(p.name);
    ordered.push(p);
  };
  for (const p of dependents) visit(p, []);

  // Each family's dependents go right after its other members.
  return LOAD_ORDER.flatMap((family) => [
    ...plugins.filter((p) => p.family === family && p.plugin.dependsOn === undefined),
    ...ordered.filter((p) => p.family === family),
  ]);
}
