// Network errors worded as Heka's Go tools printed them, so users and scripts see the same lines.
/** Node's error as Go would word it: "dial tcp 127.0.0.1:5565: connect: connection refused". */
export function goNetError(op: 'dial' | 'write', net: string, address: string, e: Error): string {
  const code = (e as NodeJS.ErrnoException).code;
  const reason = code === 'ECONNREFUSED' ? 'connect: connection refused'
    : code === 'ECONNRESET' ? 'read: connection reset by peer'
    : code === 'EPIPE' ? 'write: broken pipe'
    : code === 'EMSGSIZE' ? 'write: message too long'
    : e.message;
  return `${op} ${net} ${address}: ${reason}`;
}
