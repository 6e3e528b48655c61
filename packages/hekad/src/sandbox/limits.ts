// Heka's defaults for the sandbox limits (spec plugins §6.1); 0 means unlimited.
export const DEFAULT_MEMORY_LIMIT = 8 * 1024 * 1024;
export const DEFAULT_INSTRUCTION_LIMIT = 1_000_000;
export const DEFAULT_OUTPUT_LIMIT = 63 * 1024;

/** The usage fields every sandbox plugin reports, in Heka's names. */
export function usageReport(u: SandboxUsage): { name: string; value: number; representation: string }[] {
  return [
    { name: 'Memory', value: u.memory, representation: 'B' },
    { name: 'MaxMemory', value: u.maxMemory, representation: 'B' },
    { name: 'MaxInstructions', value: u.maxInstructions, representation: 'count' },
    { name: 'MaxOutput', value: u.maxOutput, representation: 'B' },
  ];
}

/** Usage counters as Heka reports them (Memory, MaxMemory, MaxInstructions, MaxOutput, …). */
export interface SandboxUsage {
  memory: number;
  maxMemory: number;
  memoryLimit: number;
  instructions: number;
  maxInstructions: number;
  instructionLimit: number;
  maxOutput: number;
  outputLimit: number;
}
