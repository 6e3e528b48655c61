// Filters added and removed while the pipeline runs (what SandboxManagerFilter uses).
import { Message, Registry, decodeInstance, definePlugin, f, validateConfigText, type ConfigIssue, type PluginInstance } from '@heka/core';
import { PluginExitError, type Filter, type Output } from './contracts.js';
import { memoryLog } from './log.js';
import { Pack } from './pack.js';
import { Pipeline } from './pipeline.js';

let events: string[];
let terminated: string[];
beforeEach(() => {
  events = [];
  terminated = [];
});

/** Records what it gets; slow = each message takes a few ms (so messages queue up). */
const TestFilter = definePlugin({
  type: 'TestFilter', family: 'filter', summary: 'Test filter.',
  config: {
    slow: f.bool({ default: false, doc: 'Take a while per message.' }),
    fail_prepare: f.bool({ default: false, doc: 'Fail in prepare.' }),
    quit_on: f.string({ default: '', doc: 'Payload that stops the filter.' }),
  },
  create: (config, _common, { name }) => ({
    prepare(): void {
      if (config.fail_prepare) throw new Error('no script');
      events.push(`${name} prepared`);
    },
    processMessage(pack: Pack): void | Promise<void> {
      if (pack.message.payload === config.quit_on) throw new PluginExitError('asked to quit');
      events.push(`${name} got ${pack.message.payload}`);
      return config.slow ? new Promise((r) => setTimeout(r, 5)) : undefined;
    },
    cleanUp(): void { events.push(`${name} cleaned up`); },
  } satisfies Filter),
});

const Terminations = definePlugin({
  type: 'TerminationsOutput', family: 'output', summary: 'Test output.', config: {},
  create: () => ({ processMessage: (pack: Pack): void => void terminated.push(pack.message.payload) } satisfies Output),
});

const registry = new Registry([TestFilter, Terminations]);

function start() {
  const config = validateConfigText(`
[static]
type = "TestFilter"
message_matcher = "Type == 'static'"

[out]
type = "TerminationsOutput"
message_matcher = "Type == 'heka.terminated'"
`, registry);
  if (!config.ok) throw new Error(config.errors.join('\n'));
  const log = memoryLog();
  const pipeline = new Pipeline(config, log);
  pipeline.start();
  const instance = (name: string, extra: Record<string, unknown> = {}): PluginInstance => {
    const issues: ConfigIssue[] = [];
    const built = decodeInstance({ name, table: { type: 'TestFilter', message_matcher: 'Type == \'dyn\'', ...extra } }, TestFilter, config.globals, issues);
    if (!built) throw new Error(JSON.stringify(issues));
    return built;
  };
  const send = (type: string, payload: string) => pipeline.router.route(new Pack(Message.create({ type, payload })));
  return { pipeline, log, instance, send };
}

async function until(test: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out; events: ${events.join(', ')}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('filters added at run time', () => {
  it('are prepared, then receive what they match; removed, they drain their queue, clean up and say so', async () => {
    const { pipeline, log, instance, send } = start();
    let exited = 0;
    await pipeline.addFilter(instance('dyn', { slow: true }), () => exited++);
    expect(pipeline.hasFilter('dyn')).toBe(true);
    expect(pipeline.filters.map((r) => r.name)).toEqual(['static', 'dyn']);
    const routed = ['a', 'b', 'c'].map((p) => send('dyn', p));
    expect(pipeline.removeFilter('dyn')).toBe(true);
    // Gone at once for the router and for a new load of the same name, while it drains.
    expect(pipeline.hasFilter('dyn')).toBe(false);
    expect(pipeline.router.consumers).not.toContain('dyn');
    expect(pipeline.removeFilter('dyn')).toBe(false);
    await Promise.all(routed);
    await until(() => exited === 1);
    expect(events.filter((e) => e.startsWith('dyn'))).toEqual(['dyn prepared', 'dyn got a', 'dyn got b', 'dyn got c', 'dyn cleaned up']);
    expect(pipeline.filters.map((r) => r.name)).toEqual(['static']);
    await until(() => terminated.length === 1);
    expect(terminated).toEqual(['dyn (type TestFilter) terminated. Error: Filter unloaded.']);
    expect(log.lines).toContain("Plugin 'dyn': has stopped, exiting plugin without shutting down.");
    await pipeline.stop();
  });

  it('one that fails to prepare is not registered', async () => {
    const { pipeline, instance } = start();
    await expect(pipeline.addFilter(instance('bad', { fail_prepare: true }))).rejects.toThrow('no script');
    expect(pipeline.hasFilter('bad')).toBe(false);
    expect(pipeline.router.consumers).toEqual(['static', 'out']);
    await pipeline.stop();
  });

  it('refuses a taken name, and only removes filters added at run time', async () => {
    const { pipeline, instance } = start();
    await expect(pipeline.addFilter(instance('static'))).rejects.toThrow('static is already running');
    expect(pipeline.removeFilter('static')).toBe(false);
    expect(pipeline.removeFilter('out')).toBe(false);
    await pipeline.stop();
  });

  it('one that stops on its own ends alone (hekad carries on) and its owner hears of it', async () => {
    const { pipeline, instance, send } = start();
    let exited = 0;
    await pipeline.addFilter(instance('dyn', { quit_on: 'stop' }), () => exited++);
    void send('dyn', 'stop');
    await until(() => exited === 1 && terminated.length === 1);
    expect(terminated).toEqual(['dyn (type TestFilter) terminated. Error: asked to quit']);
    void send('static', 'still here');
    await until(() => events.includes('static got still here'));
    await pipeline.stop();
  });

  it('are drained and cleaned up at shutdown, after which none can be added', async () => {
    const { pipeline, instance, send } = start();
    await pipeline.addFilter(instance('dyn', { slow: true }));
    void send('dyn', 'last');
    await pipeline.stop();
    expect(events.filter((e) => e.startsWith('dyn'))).toEqual(['dyn prepared', 'dyn got last', 'dyn cleaned up']);
    await expect(pipeline.addFilter(instance('late'))).rejects.toThrow('hekad is shutting down');
    expect(pipeline.removeFilter('dyn')).toBe(false);
  });
});
