// Runs the live view while heka-flood sends: samples the counters every second, shows log lines
// above the view, and turns q / Ctrl+C (raw mode swallows SIGINT) into a stop.
import { render, useInput, useStdin } from 'ink';
import { useEffect, useState } from 'react';
import type { Sender } from '@heka/core';
import type { FloodCounters } from '../flood.js';
import { FloodView } from './FloodView.js';
import { initialViewState, logged, sampled, type FloodViewState } from './state.js';

export interface LiveViewOptions {
  test: string;
  target: string;
  counters: FloodCounters;
  sender: Sender;
  started: number;
  onStop: () => void;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  sampleMs?: number;
}

export interface LiveView {
  log(level: 'info' | 'error', text: string): void;
  stop(): Promise<void>;
}

type Update = (change: (s: FloodViewState) => FloodViewState) => void;

function Live({ initial, bind, onStop }: { initial: FloodViewState; bind: (update: Update) => void; onStop: () => void }) {
  const [state, setState] = useState(initial);
  useEffect(() => bind((change) => setState(change)), [bind]);
  const { isRawModeSupported } = useStdin();
  useInput((input, key) => {
    if (input === 'q' || (key.ctrl && input === 'c')) {
      setState((s) => ({ ...s, stopping: true }));
      onStop();
    }
  }, { isActive: isRawModeSupported === true });
  return <FloodView state={state} />;
}

export function startLiveView(o: LiveViewOptions): LiveView {
  // Changes made before React has mounted wait here.
  let update: Update | undefined;
  const pending: ((s: FloodViewState) => FloodViewState)[] = [];
  const apply = (change: (s: FloodViewState) => FloodViewState): void => {
    if (update === undefined) pending.push(change);
    else update(change);
  };
  const bind = (u: Update): void => {
    update = u;
    for (const change of pending.splice(0)) u(change);
  };
  const ink = render(<Live initial={initialViewState(o.test, o.target, o.started)} bind={bind} onStop={o.onStop} />, {
    stdout: o.stdout ?? process.stdout,
    ...(o.stdin ? { stdin: o.stdin } : {}),
    exitOnCtrlC: false,
    patchConsole: false,
  });
  const sample = (): void => apply((s) => sampled(s, { now: performance.now(), counters: o.counters, stats: o.sender.stats, queued: o.sender.queued }, o.started));
  const timer = setInterval(sample, o.sampleMs ?? 1000);
  return {
    log: (level, text) => apply((s) => logged(s, level, text)),
    async stop() {
      clearInterval(timer);
      sample();
      await new Promise((r) => setTimeout(r, 50));
      // Ink 5 makes the exit promise on the first waitUntilExit() call and resolves only one that
      // exists at unmount: asked for afterwards, it never settles.
      const exited = ink.waitUntilExit();
      ink.unmount();
      await exited;
    },
  };
}
