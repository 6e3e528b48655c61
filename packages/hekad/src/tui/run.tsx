// `hekad -tui`: runs hekad as usual, with its log lines and a live view of the pipeline's stats
// in the terminal; LogOutput writes into the view's pane, not over it. Quitting the view is an
// interrupt, so hekad shuts down as on SIGINT.
import { EventEmitter } from 'node:events';
import { openSync } from 'node:fs';
import { ReadStream } from 'node:tty';
import type { ValidatedConfig } from '@heka/core';
import { render } from 'ink';
import { runHekad, type RunOptions } from '../app.js';
import { App } from './App.js';
import { createTuiLog, startSampling } from './feed.js';
import { createOutputPane } from './output-pane.js';
import { initialState } from './state.js';
import { createStore } from './store.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGUSR1'] as const;

/** Process signals passed on to an emitter the view can also raise an interrupt on. */
function forwardedSignals(): { signals: EventEmitter; dispose(): void } {
  const signals = new EventEmitter();
  const forwards = SIGNALS.map((name) => [name, () => void signals.emit(name)] as const);
  for (const [name, forward] of forwards) process.on(name, forward);
  return { signals, dispose: () => { for (const [name, forward] of forwards) process.off(name, forward); } };
}

// Keys come from stdin when it is the terminal; when stdin carries data (StdinInput), from /dev/tty.
function keyboard(): { stdin: NodeJS.ReadStream; close(): void } | undefined {
  if (process.stdin.isTTY) return undefined;
  try {
    const tty = new ReadStream(openSync('/dev/tty', 'r'));
    return { stdin: tty as unknown as NodeJS.ReadStream, close: () => tty.destroy() };
  } catch {
    return undefined;
  }
}

export interface TuiOptions {
  readonly stdout?: NodeJS.WriteStream;
  /** For tests: how hekad runs. */
  readonly run?: (config: ValidatedConfig, options: RunOptions) => Promise<number>;
}

export async function runTui(config: ValidatedConfig, options: TuiOptions = {}): Promise<number> {
  const store = createStore(initialState(Date.now()));
  const log = createTuiLog(store, config.globals.log_flags);
  const output = createOutputPane(store);
  const { signals, dispose } = forwardedSignals();
  const keys = keyboard();
  const ink = render(<App store={store} onQuit={() => signals.emit('SIGINT')} />, {
    stdout: options.stdout ?? process.stdout,
    ...(keys ? { stdin: keys.stdin } : {}),
    exitOnCtrlC: false,
    patchConsole: true,
  });
  let stopSampling: (() => void) | undefined;
  try {
    return await (options.run ?? runHekad)(config, {
      log, signals, stdout: output.write,
      onStart: (pipeline) => { stopSampling = startSampling(store, pipeline); },
    });
  } finally {
    stopSampling?.();
    log.flush();
    output.flush();
    // Let React commit the last lines before the final frame is drawn.
    await new Promise((resolve) => setImmediate(resolve));
    // Ink 5 resolves only an exit promise that exists at unmount (waitUntilExit() makes it).
    const exited = ink.waitUntilExit();
    ink.unmount();
    await exited;
    keys?.close();
    dispose();
  }
}
