// The two messages of Heka's self-report: heka.all-report (every plugin's report as JSON) and
// heka.memstat (heap figures). Go's runtime.MemStats has no Node equivalent, so the fields are
// mapped from V8's heap statistics (docs/compatibility.md explains the mapping).
import { getHeapStatistics } from 'node:v8';
import { Field, Message, ValueType } from '@heka/core';

export const ALL_REPORT_TYPE = 'heka.all-report';
export const MEMSTAT_TYPE = 'heka.memstat';
/** Heka's Logger for messages hekad makes itself. */
export const HEKA_DAEMON = 'hekad';

/** What a memstat message reports, in bytes (HeapObjects: a count). */
export interface HeapFigures {
  readonly HeapSys: number;
  readonly HeapAlloc: number;
  readonly HeapIdle: number;
  readonly HeapInuse: number;
  readonly HeapReleased: number;
  readonly HeapObjects: number;
}

/**
 * Go's invariants hold: HeapSys = HeapIdle + HeapInuse, HeapAlloc ≤ HeapInuse. Buffers (message
 * bytes, file chunks) live outside V8's heap, so `external` counts as allocated and in use.
 */
export function heapFigures(): HeapFigures {
  const heap = getHeapStatistics();
  const { external } = process.memoryUsage();
  return {
    HeapSys: heap.total_heap_size + external,
    HeapAlloc: heap.used_heap_size + external,
    HeapIdle: Math.max(0, heap.total_heap_size - heap.used_heap_size),
    HeapInuse: heap.used_heap_size + external,
    // Heap pages reserved but not backed by memory: what Go returned to the OS.
    HeapReleased: Math.max(0, heap.total_heap_size - heap.total_physical_size),
    // V8 keeps no live object count that can be read cheaply.
    HeapObjects: 0,
  };
}

function daemonMessage(type: string, hostname: string): Message {
  return Message.create({ type, logger: HEKA_DAEMON, hostname, pid: process.pid });
}

export function allReportMessage(payload: string, hostname: string): Message {
  const message = daemonMessage(ALL_REPORT_TYPE, hostname);
  message.payload = payload;
  return message;
}

export function memstatMessage(figures: HeapFigures, hostname: string): Message {
  const message = daemonMessage(MEMSTAT_TYPE, hostname);
  for (const [name, value] of Object.entries(figures)) {
    const representation = name === 'HeapObjects' ? 'count' : 'B';
    message.fields.push(new Field({ name, valueType: ValueType.INTEGER, representation, values: [BigInt(Math.round(value))] }));
  }
  return message;
}
