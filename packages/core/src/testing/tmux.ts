// Terminal tests of the live views: tmux runs a command in a detached session of a private
// server (-L), the test reads the screen (capture-pane) and types keys. Skipped without tmux.
import { spawnSync } from 'node:child_process';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;
export const NO_TMUX = 'skipped: tmux is not installed (apt-get install -y tmux to run it)';

export class TmuxSession {
  private readonly socket: string;

  /** `name` prefixes the private server's socket; nothing starts until start(). */
  constructor(name: string, private readonly session = 'main') {
    this.socket = `${name}-${process.pid}-${Date.now()}`;
  }

  private tmux(...args: string[]): string {
    const run = spawnSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${run.stderr}`);
    return run.stdout;
  }

  /** Runs a shell command in a width × height terminal. */
  start(command: string, width = 120, height = 40): void {
    this.tmux('new-session', '-d', '-s', this.session, '-x', String(width), '-y', String(height), command);
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', this.session);
  }

  sendKeys(keys: string): void {
    this.tmux('send-keys', '-t', this.session, keys);
  }

  /** Polls `probe` until it returns a value; on timeout the error shows the screen. */
  async waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen:\n${this.screen()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Ends the server and everything it runs. */
  kill(): void {
    if (hasTmux) spawnSync('tmux', ['-L', this.socket, 'kill-server']);
  }
}
