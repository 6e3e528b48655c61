// Running hekad: start the pipeline, wait for a signal or for the pipeline to ask for shutdown
// (its inputs are done, or a plugin failed), shut down in order and return the exit status.
import { rmSync, writeFileSync } from 'node:fs';
import { HekaError, type ValidatedConfig } from '@heka/core';
import { consoleLog, type PipelineLog } from './pipeline/log.js';
import { Pipeline } from './pipeline/pipeline.js';
import { collectReport, formatTextReport } from './pipeline/report.js';

export interface RunOptions {
  readonly log?: PipelineLog;
  /** Where signals come from (tests pass an EventEmitter). */
  readonly signals?: NodeJS.EventEmitter;
  /** Called once the pipeline has started (the live view samples its stats from here). */
  readonly onStart?: (pipeline: Pipeline) => void;
  /** Where LogOutput writes instead of stdout (the live view's output pane). */
  readonly stdout?: (bytes: Uint8Array) => void | Promise<void>;
}

function writePidFile(path: string, log: PipelineLog): void {
  try {
    writeFileSync(path, String(process.pid), { mode: 0o644 });
  } catch (e) {
    throw new HekaError('HEKA_PID_FILE', `Can't write pid file '${path}': ${(e as Error).message}`, { hint: 'set [hekad] pid_file to a writable path, or remove it' });
  }
  log.info(`Wrote pid to pidfile '${path}'`);
}

export async function runHekad(config: ValidatedConfig, options: RunOptions = {}): Promise<number> {
  const log = options.log ?? consoleLog(config.globals.log_flags);
  const signals = options.signals ?? process;
  const pidFile = config.globals.pid_file;
  if (pidFile) writePidFile(pidFile, log);
  log.info('Starting hekad...');
  const pipeline = new Pipeline(config, log, options.stdout ? { stdout: options.stdout } : {});
  let interrupts = 0;
  let onSignal: (() => void) | undefined;
  const signalled = new Promise<number>((resolve) => {
    onSignal = () => {
      if (++interrupts > 1) {
        log.error('Second interrupt: exiting without waiting for the shutdown to finish.');
        process.exit(1);
      }
      log.info('Shutdown initiated.');
      resolve(0);
    };
  });
  // SIGUSR1: the text self-report, on stderr as Heka writes it.
  const onReport = (): void => {
    log.info('Queue report initiated.');
    log.error(formatTextReport(collectReport(pipeline)).trimEnd());
  };
  signals.on('SIGINT', onSignal!);
  signals.on('SIGTERM', onSignal!);
  signals.on('SIGUSR1', onReport);
  const onReload = (): void => {
    log.info('Reload initiated.');
    void pipeline.reload();
  };
  signals.on('SIGHUP', onReload);
  // With no input (or only idle ones) nothing else may hold the event loop open: Node would exit
  // (status 13, an unsettled await) instead of running until a signal.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  try {
    pipeline.start();
    options.onStart?.(pipeline);
    const code = await Promise.race([signalled, pipeline.shutdownRequested]);
    await pipeline.stop();
    return code;
  } finally {
    clearInterval(keepAlive);
    signals.off('SIGINT', onSignal!);
    signals.off('SIGTERM', onSignal!);
    signals.off('SIGUSR1', onReport);
    signals.off('SIGHUP', onReload);
    // Heka left its pid file behind; a stale one blocks the next start, so ours is removed.
    if (pidFile) rmSync(pidFile, { force: true });
  }
}
