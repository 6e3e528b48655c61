// What the Heka clients (heka-inject, heka-flood, heka-sbmgr, TcpOutput, UdpOutput) send
// through: framed records in, completion per record out.

/** Called once per record: without an error when it was handed to the OS, else with the failure. */
export type SendDone = (err?: Error) => void;

/** Something a sender tells its owner about, for logs and the live views. */
export type SenderEvent =
  | { kind: 'connected'; address: string; reconnect: boolean }
  | { kind: 'disconnected'; address: string; error: Error | undefined }
  | { kind: 'retrying'; address: string; error: Error; waitMs: number }
  /** A record was refused for good (e.g. a datagram over the size limit). */
  | { kind: 'send-failed'; address: string; error: Error };

export interface SenderStats {
  /** Records written (their done called without an error). */
  sent: number;
  bytes: number;
  /** Connection failures (dial or write). */
  errors: number;
  /** Connections made after the first. */
  reconnects: number;
}

export interface Sender {
  readonly stats: SenderStats;
  /** Dials now; rejects if the first attempt fails and the sender does not reconnect. */
  connect(): Promise<void>;
  /**
   * Queues one record. False when the queue is full (the record is not taken: wait for
   * whenRoom() or drop it). Records are written in order.
   */
  send(record: Uint8Array, done?: SendDone): boolean;
  /** Resolves when send() would take a record again. */
  whenRoom(): Promise<void>;
  /** Records queued and not yet written. */
  readonly queued: number;
  readonly queuedBytes: number;
  /** The failure that stopped a sender that does not reconnect; later sends fail with it. */
  readonly failure: Error | undefined;
  /** Resolves once everything queued is written or has failed. */
  flush(): Promise<void>;
  /** Flushes (for at most `timeoutMs`), then closes; what is left fails. */
  close(timeoutMs?: number): Promise<void>;
}
