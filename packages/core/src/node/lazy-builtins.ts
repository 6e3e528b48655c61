// Node built-in modules that only some configs use, loaded on first use instead of at start-up.
// Loading them costs every hekad start CPU whether its config has TLS, gzip'd logs, UDP or a
// sandbox in a worker or not (Node 20: node:tls ~9 ms with node:net ~4 ms, node:child_process
// ~5 ms, node:zlib ~4 ms, node:worker_threads ~3 ms). Modules import their types as usual
// (`import type`) and call the getter where they use the module.
import { createRequire } from 'node:module';
import type * as ChildProcess from 'node:child_process';
import type * as Dgram from 'node:dgram';
import type * as DnsPromises from 'node:dns/promises';
import type * as Net from 'node:net';
import type * as Tls from 'node:tls';
import type * as WorkerThreads from 'node:worker_threads';
import type * as Zlib from 'node:zlib';

let load: NodeJS.Require | undefined; // made on first use too: a run that needs none of these never pays for it

function onFirstUse<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= (load ??= createRequire(import.meta.url))(id) as T);
}

export const nodeChildProcess = onFirstUse<typeof ChildProcess>('node:child_process');
export const nodeDgram = onFirstUse<typeof Dgram>('node:dgram');
export const nodeDnsPromises = onFirstUse<typeof DnsPromises>('node:dns/promises');
export const nodeNet = onFirstUse<typeof Net>('node:net');
export const nodeTls = onFirstUse<typeof Tls>('node:tls');
export const nodeWorkerThreads = onFirstUse<typeof WorkerThreads>('node:worker_threads');
export const nodeZlib = onFirstUse<typeof Zlib>('node:zlib');
