// The file FileOutput appends to: parent folders created with folder_perm, opened for append
// with perm, every byte written (short writes continued); fsynced on request.
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface AppendHandle {
  writev(buffers: Uint8Array[]): Promise<{ bytesWritten: number }>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** The file system calls FileOutput makes; tests inject failing ones. */
export interface OutputFs {
  mkdir(path: string, options: { recursive: true; mode: number }): Promise<unknown>;
  open(path: string, flags: 'a', mode: number): Promise<AppendHandle>;
}

export const nodeFs: OutputFs = { mkdir, open };

/** Drops the first `n` bytes of `buffers` (in place, with one splice: shifting one by one is quadratic). */
function consume(buffers: Uint8Array[], n: number): void {
  let left = n;
  let whole = 0;
  while (whole < buffers.length && buffers[whole]!.length <= left) left -= buffers[whole++]!.length;
  buffers.splice(0, whole);
  if (left > 0 && buffers.length > 0) buffers[0] = buffers[0]!.subarray(left);
}

export class OutputFile {
  private handle: AppendHandle | undefined;

  constructor(private readonly fs: OutputFs, private readonly perm: number, private readonly folderPerm: number, public path: string) {}

  get isOpen(): boolean { return this.handle !== undefined; }

  async open(): Promise<AppendHandle> {
    if (this.handle === undefined) {
      await this.fs.mkdir(dirname(this.path), { recursive: true, mode: this.folderPerm });
      this.handle = await this.fs.open(this.path, 'a', this.perm);
    }
    return this.handle;
  }

  /**
   * Writes `buffers` (no fsync: see sync). What was written is removed from `buffers` as it goes,
   * so after a failure a second call writes exactly the rest: nothing twice, nothing lost.
   */
  async writeAll(buffers: Uint8Array[]): Promise<void> {
    const handle = await this.open();
    while (buffers.length > 0) {
      const { bytesWritten } = await handle.writev(buffers);
      consume(buffers, bytesWritten);
    }
  }

  /** fsyncs what was written; may run while the next writeAll is under way. */
  async sync(): Promise<void> {
    const handle = this.handle;
    if (handle === undefined) throw new Error(`${this.path} is not open`);
    await handle.sync();
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
  }
}
