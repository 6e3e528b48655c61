// The prefix Go's standard logger puts before each line, per [hekad] log_flags.
import { zonedTime } from '../message/zoned-time.js';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

const DATE = 1;
const TIME = 2;
const MICROSECONDS = 4;
const UTC = 32;

/**
 * "2009/01/23 01:23:23.123123 " as the flags ask. The file:line flags (8, 16) name Heka's Go
 * source, which does not exist here: they add nothing (docs/compatibility.md).
 */
export function goLogPrefix(flags: number, nowNs: bigint): string {
  if ((flags & (DATE | TIME | MICROSECONDS)) === 0) return '';
  const t = zonedTime(nowNs, (flags & UTC) !== 0 ? 'UTC' : undefined);
  let prefix = '';
  if ((flags & DATE) !== 0) prefix += `${pad(t.year, 4)}/${pad(t.month)}/${pad(t.day)} `;
  if ((flags & (TIME | MICROSECONDS)) !== 0) {
    prefix += `${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`;
    if ((flags & MICROSECONDS) !== 0) prefix += '.' + pad(Math.floor(t.nanosecond / 1000), 6);
    prefix += ' ';
  }
  return prefix;
}

/** Go's default logger flags (LstdFlags = date | time): what Heka's tools print before each line. */
export const GO_LSTD_FLAGS = DATE | TIME;
