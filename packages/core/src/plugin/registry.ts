// The set of plugin types a hekad knows: a value built from an explicit list, never a global
// filled by import side effects, so tests register only what they need.
import type { AnyPlugin } from './define.js';
import type { Family } from './family.js';

export class Registry {
  readonly #byType: ReadonlyMap<string, AnyPlugin>;

  constructor(plugins: Iterable<AnyPlugin> = []) {
    const byType = new Map<string, AnyPlugin>();
    for (const plugin of plugins) {
      if (byType.has(plugin.type)) throw new Error(`plugin type ${plugin.type} is registered twice`);
      byType.set(plugin.type, plugin);
    }
    this.#byType = byType;
  }

  get(type: string): AnyPlugin | undefined {
    return this.#byType.get(type);
  }

  has(type: string): boolean {
    return this.#byType.has(type);
  }

  /** Registered type names, sorted. */
  types(): string[] {
    return [...this.#byType.keys()].sort();
  }

  /** Every declaration, in registration order; optionally one family's. */
  plugins(family?: Family): AnyPlugin[] {
    const all = [...this.#byType.values()];
    return family === undefined ? all : all.filter((p) => p.family === family);
  }

  /** A registry with these plugins added (or replacing the same types). */
  with(...plugins: AnyPlugin[]): Registry {
    const replaced = new Set(plugins.map((p) => p.type));
    return new Registry([...this.plugins().filter((p) => !replaced.has(p.type)), ...plugins]);
  }

  /** A registry without these types. */
  without(...types: string[]): Registry {
    const removed = new Set(types);
    return new Registry(this.plugins().filter((p) => !removed.has(p.type)));
  }
}
