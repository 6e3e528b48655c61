// Names one section gives for another (an input's splitter and decoder, an output's encoder) must
// be sections of the right family. Heka only finds out when the plugin starts; we say so up front.
import { IssueCode, closest, givenKey, type ConfigIssue, type HekadGlobals } from '../config/index.js';
import type { AnyPlugin } from './define.js';
import type { Family } from './family.js';
import { reporter, type SectionInput } from './instance.js';
import type { Registry } from './registry.js';

/** A section whose type is known, valid or not: enough to resolve names. */
export interface ResolvedSection {
  readonly section: SectionInput;
  readonly plugin: AnyPlugin;
}

interface Reference {
  readonly key: 'splitter' | 'decoder' | 'encoder';
  readonly family: Family;
  readonly message: (name: string, target: string) => string;
}

const REFERENCES: Partial<Record<Family, readonly Reference[]>> = {
  input: [
    { key: 'splitter', family: 'splitter', message: (name, target) => `${name} specifies undefined splitter ${target}` },
    { key: 'decoder', family: 'decoder', message: (_name, target) => `no registered '${target}' decoder` },
  ],
  output: [{ key: 'encoder', family: 'encoder', message: (name, target) => `${name} can't create encoder ${target}` }],
};

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

export function hintFor(target: string, wanted: Family, sections: readonly ResolvedSection[], registry: Registry): string {
  const families = new Map(sections.map(({ section, plugin }) => [section.name, plugin.family] as const));
  const actual = families.get(target);
  if (actual !== undefined) return `${target} is ${article(actual)} ${actual}, not ${article(wanted)} ${wanted}`;
  // A type name given where the section of that type has another name.
  const ofType = sections.filter(({ plugin }) => plugin.type === target && plugin.family === wanted).map(({ section }) => section.name);
  if (ofType.length > 0) return `sections are referred to by name: the ${target} section is named ${ofType.map((n) => `"${n}"`).join(' or ')}`;
  const candidates = [...families].filter(([, family]) => family === wanted).map(([name]) => name);
  const near = closest(target, candidates);
  if (near !== undefined) return `did you mean "${near}"?`;
  const plugin = registry.get(target);
  if (plugin?.family === wanted) return `add a [${target}] section to use the ${target} plugin`;
  if (plugin) return `${target} is ${article(plugin.family)} ${plugin.family} type, not ${article(wanted)} ${wanted}`;
  return candidates.length > 0 ? `define a [${target}] section, or use one of ${candidates.join(', ')}` : `define a [${target}] section`;
}

/** Reports every reference to a missing section, working from the raw values so no problem hides another. */
export function checkReferences(sections: readonly ResolvedSection[], globals: HekadGlobals, registry: Registry, issues: ConfigIssue[]): void {
  const families = new Map(sections.map(({ section, plugin }) => [section.name, plugin.family] as const));
  for (const { section, plugin } of sections) {
    for (const ref of REFERENCES[plugin.family] ?? []) {
      const given = givenKey(section.table, ref.key);
      const context = { name: section.name, globals, given: (key: string) => givenKey(section.table, key) };
      const target = given === undefined ? plugin.commonFields[ref.key]?.defaultValue(context) : given;
      if (typeof target !== 'string' || target === '' || families.get(target) === ref.family) continue;
      const key = Object.keys(section.table).find((k) => k.toLowerCase() === ref.key) ?? ref.key;
      reporter(section, issues)([key], IssueCode.UndefinedReference, ref.message(section.name, target), hintFor(target, ref.family, sections, registry));
    }
  }
}
