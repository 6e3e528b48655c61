// The message heka-inject sends: Heka's headers from the flags (no EnvVersion), plus -field values.
import { hostname } from 'node:os';
import { Message, type Field } from '@heka/core';

export interface InjectHeaders {
  type: string;
  logger: string;
  severity: number;
  pid: number;
  hostname: string;
  fields: readonly Field[];
}

/** Heka's defaults: pid 0 means this process, an empty hostname means this host. */
export function resolveHeaders(flags: { type: string; logger: string; severity: number; pid: number; hostname: string }, fields: readonly Field[]): InjectHeaders {
  return {
    type: flags.type,
    logger: flags.logger,
    severity: flags.severity,
    pid: flags.pid === 0 ? process.pid : flags.pid,
    hostname: flags.hostname === '' ? hostname() : flags.hostname,
    fields,
  };
}

export function injectMessage(headers: InjectHeaders, payload: string): Message {
  return Message.create({
    type: headers.type,
    logger: headers.logger,
    severity: headers.severity,
    pid: headers.pid,
    hostname: headers.hostname,
    payload,
    fields: [...headers.fields],
  });
}
