// SandboxDecoder's `tz`: scripts compute timestamps as if the logged wall-clock time were UTC;
// with tz set, that wall-clock time is re-read in the named zone (as Heka's convert_tz does).
import { goWallTimeToNs, isKnownLocation, zonedTime } from '@heka/core';

/** Zone names `tz` accepts: IANA names, "UTC" and "Local", as Go's time.LoadLocation. */
export const isTimeZone = (zone: string): boolean => isKnownLocation(zone);

/** `ns` read as UTC wall-clock time, re-read as wall-clock time in `zone`. */
export function wallClockIn(ns: bigint, zone: string): bigint {
  if (zone === 'UTC') return ns;
  const t = zonedTime(ns, 'UTC');
  return goWallTimeToNs({ ...t, offsetSeconds: undefined, zoneName: undefined }, zone);
}

/** A sandbox's `tz` config key (SandboxDecoder, SandboxInput): undefined for UTC; an unknown zone throws. */
export function configuredZone(config: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const tz = config['tz'];
  if (tz !== undefined && (typeof tz !== 'string' || !isTimeZone(tz))) {
    throw new Error(`[${name}.config] tz: unknown time zone ${JSON.stringify(tz)} (use an IANA name such as "America/New_York", or "UTC")`);
  }
  return tz === 'UTC' ? undefined : tz;
}
