// Helpers for tests that run bin/hekad with network inputs: start it on 127.0.0.1 port 0 and
// learn the bound port from its log, talk to it, read back what FileOutput wrote.
import { readFileSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { FrameReader, encodeMessage, frameMessage, Message, type FrameItem, type FrameRecord, type Signer } from '@heka/core';
import { fileSize, startBin, type RunningBin } from '@heka/core/testing';

/** Generous: the machine is small and shared. */
export const SLOW = 60_000;

export interface StartedHekad {
  readonly hekad: RunningBin;
  /** Bound port per input name, from "Input 'NAME': listening on HOST:PORT". */
  readonly ports: ReadonlyMap<string, number>;
}

/** Starts hekad on `toml` (written to dir) and waits until each input in `inputs` listens. */
export async function startHekad(dir: string, toml: string, inputs: readonly string[]): Promise<StartedHekad> {
  const path = join(dir, 'hekad.toml');
  writeFileSync(path, toml);
  const hekad = startBin('hekad', [`-config=${path}`]);
  const ports = new Map<string, number>();
  const listening = /Input '([^']+)': listening on .*:(\d+)/g;
  await hekad.waitFor((h) => {
    for (const m of h.stdout.toString().matchAll(listening)) ports.set(m[1]!, Number(m[2]));
    return inputs.every((i) => ports.has(i)) || h.child.exitCode !== null;
  }, SLOW);
  if (!inputs.every((i) => ports.has(i))) throw new Error(`hekad did not start listening:\n${hekad.stdout.toString()}\n${hekad.stderr}`);
  return { hekad, ports };
}

/** SIGINT, then the exit status once hekad has shut down. */
export async function stopHekad(hekad: RunningBin): Promise<number | null> {
  hekad.child.kill('SIGINT');
  const { code } = await hekad.exited;
  return code;
}

/** SIGUSR1 and the text report it prints on stderr. */
export async function textReport(hekad: RunningBin): Promise<string> {
  const from = hekad.stderr.length;
  hekad.child.kill('SIGUSR1');
  await hekad.waitFor((h) => /\n========\n/.test(h.stderr.slice(from)), SLOW);
  const text = hekad.stderr.slice(from);
  return text.slice(text.indexOf('========[heka.all-report]'), text.indexOf('\n========\n') + 10);
}

/** A report column of one plugin, 0 when the report leaves it out. */
export function reportValue(report: string, plugin: string, column: string): number {
  const section = report.slice(report.indexOf(`\n${plugin}:\n`));
  const entry = section.split(/\n(?=\S)/)[1] ?? '';
  const match = new RegExp(`\\n    ${column}: (\\d+)`).exec(`\n${entry}`);
  return match ? Number(match[1]) : 0;
}

/** Opens a TCP connection to 127.0.0.1. */
export function openTcp(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Writes the bytes, closes the sending side and waits until the connection is closed. */
export function sendAndClose(socket: Socket, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    socket.on('error', () => undefined);
    socket.once('close', () => resolve());
    socket.end(bytes);
    socket.resume();
  });
}

/** The framed records of a stream file (FileOutput with ProtobufEncoder). */
export function readRecords(path: string): FrameRecord[] {
  const reader = new FrameReader();
  reader.push(readFileSync(path));
  const items: FrameItem[] = [];
  for (let item = reader.next(); item !== undefined; item = reader.next()) items.push(item);
  items.push(...reader.finish());
  return items.filter((i): i is FrameRecord => i.kind === 'record');
}

/** Waits until the output file holds at least `count` records. */
export async function waitForRecords(hekad: RunningBin, path: string, count: number, timeoutMs = SLOW): Promise<FrameRecord[]> {
  let records: FrameRecord[] = [];
  let size = -1;
  await hekad.waitFor(() => {
    const now = fileSize(path);
    if (now !== size) {
      size = now;
      records = now > 0 ? readRecords(path) : [];
    }
    return records.length >= count;
  }, timeoutMs);
  return records;
}

/** A framed message with this payload, signed when a signer is given. */
export function frame(payload: string, signer?: Signer): Buffer {
  return Buffer.from(frameMessage(encodeMessage(Message.create({ type: 'test', payload })), signer));
}

/** A frame whose header announces `length` message bytes, followed by that many bytes of 'x' (no 0x1E in them). */
export function frameOfLength(length: number): Buffer {
  const header: number[] = [0x08];
  for (let v = length; ; v >>>= 7) {
    if (v < 0x80) {
      header.push(v);
      break;
    }
    header.push((v & 0x7f) | 0x80);
  }
  return Buffer.concat([Buffer.from([0x1e, header.length, ...header, 0x1f]), Buffer.alloc(length, 'x')]);
}

export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** The FileOutput section the tests read back: every message, framed protobuf, written often. */
export function fileOutput(path: string): string {
  return `
[out]
type = "FileOutput"
message_matcher = "TRUE"
path = "${path}"
encoder = "ProtobufEncoder"
flush_interval = 50
flush_operator = "OR"
`;
}
