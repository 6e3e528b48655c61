import { PassThrough } from 'node:stream';
import { hostname } from 'node:os';
import { validateConfigText, formatIssue } from '@heka/core';
import { createRegistry } from '../index.js';
import { FakeInputContext, waitFor } from './fake-input-context.js';
import { StdinInput, StdinInputInstance } from './stdin-input.js';

function setup() {
  const source = new PassThrough();
  const input = new StdinInputInstance({ source, hostname: 'host-a' });
  const context = new FakeInputContext('StdinInput');
  const controller = new AbortController();
  const run = input.run(context, controller.signal);
  return { source, input, context, controller, run };
}

describe('StdinInput', () => {
  it('turns lines into stdin messages and returns at end of file after ending its stream', async () => {
    const { source, input, context, run } = setup();
    source.write('one\ntw');
    source.end('o\nthree\n');
    await run;
    const stream = context.streams[0]!;
    expect(context.streams).toHaveLength(1);
    expect(stream.ended).toBe(true);
    expect(stream.payloads).toEqual(['one\n', 'two\n', 'three\n']);
    const m = stream.records[0]!.message;
    expect([m.type, m.logger, m.hostname]).toEqual(['stdin', 'StdinInput', 'host-a']);
    expect(input.report()).toEqual([{ name: 'bytes', value: 14, representation: 'count' }]);
  });

  it('pauses the source while a push is held back and reads on once released', async () => {
    const { source, context, run } = setup();
    context.block();
    source.write('a\n');
    await waitFor(() => context.streams[0]?.pushes.length === 1, 5000, 'first push');
    source.write('b\n');
    source.write('c\n');
    await new Promise((r) => setTimeout(r, 50));
    expect(context.streams[0]!.pushes).toHaveLength(1);
    expect(source.isPaused()).toBe(true);
    context.release();
    source.end();
    await run;
    expect(context.streams[0]!.payloads).toEqual(['a\n', 'b\n', 'c\n']);
  });

  it('waits for a held push before returning at end of file', async () => {
    const { source, context, run } = setup();
    context.block();
    source.end('last\n');
    let returned = false;
    void run.then(() => (returned = true));
    await waitFor(() => context.streams[0]?.pushes.length === 1, 5000, 'push');
    await new Promise((r) => setTimeout(r, 30));
    expect(returned).toBe(false);
    context.release();
    await run;
    expect(context.streams[0]!.ended).toBe(true);
  });

  it('stops when the signal aborts, leaving stdin paused and unlistened', async () => {
    const { source, context, controller, run } = setup();
    source.write('x\n');
    await waitFor(() => context.streams[0]?.records.length === 1, 5000, 'record');
    controller.abort();
    await run;
    expect(context.streams[0]!.stopped).toBe(true);
    expect(context.streams[0]!.ended).toBe(false);
    expect(source.listenerCount('data')).toBe(0);
    expect(source.isPaused()).toBe(true);
  });

  it('reports a read error with what to check', async () => {
    const { source, run } = setup();
    source.destroy(new Error('EIO'));
    await expect(run).rejects.toThrow('StdinInput: reading stdin failed: EIO (check what is piped into hekad)');
  });

  it('is configured with TokenSplitter, no decoder and the global hostname', () => {
    const result = validateConfigText('[StdinInput]\n', createRegistry(), { env: {} });
    expect(result.issues.map(formatIssue)).toEqual([]);
    const p = result.plugins.find((x) => x.name === 'StdinInput');
    expect(p?.config).toEqual({ hostname: hostname() });
    expect(p?.common).toMatchObject({ splitter: 'TokenSplitter', decoder: '' });
    expect(StdinInput.create).toBeDefined();
  });
});
