// Tests of the runtime in-process: a Pipeline from TOML over a registry of test plugins, and an
// input that pushes configured chunks through one stream.
import { definePlugin, f, validateConfigText, type Message, type Registry } from '@heka/core';
import type { Input, InputContext } from './contracts.js';
import { memoryLog, type PipelineLog } from './log.js';
import { Pipeline } from './pipeline.js';

export function pipelineFor(registry: Registry, toml: string): { pipeline: Pipeline; log: PipelineLog & { lines: string[] } } {
  const config = validateConfigText(toml, registry);
  if (!config.ok) throw new Error(config.errors.join('\n'));
  const log = memoryLog();
  return { pipeline: new Pipeline(config, log), log };
}

/**
 * An input plugin (type `type`) that pushes its `chunks` through one stream (`pause` ms apart),
 * then ends, like stdin at EOF; its messages get Type `messageType`, delivered offsets go to `delivered`.
 */
export function chunkInput(type: string, messageType: string, delivered: number[]) {
  return definePlugin({
    type, family: 'input', summary: 'Test input.',
    common: { splitter: 'TokenSplitter' },
    config: {
      chunks: f.array(f.string({ default: '', doc: 'chunk' }), { default: [], doc: 'Chunks to push.' }),
      pause: f.uint({ default: 0, doc: 'Milliseconds to wait between chunks.' }),
    },
    create: (config) => new (class implements Input {
      async run(context: InputContext): Promise<void> {
        const stream = context.openStream({
          decorate: (m: Message) => { m.type = messageType; },
          onDelivered: (offset) => { delivered.push(offset); },
        });
        for (const chunk of config.chunks) {
          await stream.push(Buffer.from(chunk));
          if (config.pause > 0) await new Promise((r) => setTimeout(r, config.pause));
        }
        await stream.end();
      }
    })(),
  });
}
