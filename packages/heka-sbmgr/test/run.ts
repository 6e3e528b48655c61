// Helpers for running bin/heka-sbmgr and bin/heka-sbmgrload against a FrameSink in this process
// (so the command runs asynchronously), and for reading what arrived.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { FrameReader, decodeMessage, verifyRecord, type FrameRecord, type Message } from '@heka/core';
import { repoRoot } from '@heka/core/testing';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(command: 'heka-sbmgr' | 'heka-sbmgrload', args: string[], cwd = repoRoot): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', command), ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

/** A port nothing listens on (for "connection refused"). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

export function writeFile(dir: string, name: string, text: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

export function records(bytes: Uint8Array): FrameRecord[] {
  const reader = new FrameReader();
  reader.push(bytes);
  return reader.finish().filter((i): i is FrameRecord => i.kind === 'record');
}

/** The record's message after its HMAC was checked with `key` (throws when it does not verify). */
export function verified(record: FrameRecord, signer: string, version: number, key: string): Message {
  const result = verifyRecord(record.header, record.message, new Map([[`${signer}_${version}`, key]]));
  if (!result.ok || result.signer !== signer) throw new Error(`record does not verify: ${JSON.stringify(result)}`);
  return decodeMessage(record.message);
}

/** name, value type, representation and values of each field, in order. */
export function fieldsOf(m: Message): [string, number, string, unknown[]][] {
  return m.fields.map((f) => [f.name, f.valueType, f.representation, f.values]);
}
