// The part of the WebAssembly JS API the loader uses: Node 20 has it, @types/node 20 does not.
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
    static imports(module: Module): { module: string; name: string; kind: string }[];
  }
  class Instance {
    constructor(module: Module, imports?: Imports);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
  }
  class Table {
    get(index: number): unknown;
  }
  class RuntimeError extends Error {}
  type Imports = Record<string, Record<string, unknown>>;
}
