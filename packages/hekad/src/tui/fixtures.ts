// Plain-data snapshots for the live view's tests.
import type { PluginSample, Snapshot } from './sample.js';

export const MB = 1024 * 1024;

export function plugin(name: string, kind: PluginSample['kind'], over: Partial<PluginSample> = {}): PluginSample {
  const consumer = kind !== 'input';
  return {
    name, kind, type: kind === 'input' ? 'LogstreamerInput' : kind === 'filter' ? 'CounterFilter' : 'FileOutput',
    in: 0, out: 0, errors: 0, restarts: 0,
    ...(consumer ? { queueLength: 0, queueCapacity: 30, matchAvgNs: 0 } : {}),
    ...over,
  };
}

export function snapshot(at: number, routed: number, plugins: PluginSample[]): Snapshot {
  return { at, routed, memory: { rss: 80 * MB, heapUsed: 20 * MB, heapTotal: 40 * MB }, plugins };
}
