// Heka's tools log through Go's standard logger: "2006/01/02 15:04:05 " then the text; info
// lines on stdout (client.LogInfo), errors on stderr (client.LogError).
import { GO_LSTD_FLAGS, goLogPrefix, nowNs } from '@heka/core';

export interface FloodLog {
  info(text: string): void;
  error(text: string): void;
}

export function goLog(out: NodeJS.WritableStream, err: NodeJS.WritableStream): FloodLog {
  return {
    info: (text) => void out.write(`${goLogPrefix(GO_LSTD_FLAGS, nowNs())}${text}\n`),
    error: (text) => void err.write(`${goLogPrefix(GO_LSTD_FLAGS, nowNs())}${text}\n`),
  };
}
