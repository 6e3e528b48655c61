// The config of heka-sbmgr and heka-sbmgrload: top-level ip_address, use_tls, [tls] and
// [signer]. Decoded strictly: Heka ignored a misspelt key (and so sent unsigned-looking junk),
// here it is an error with its line and a suggestion.
import { readFileSync } from 'node:fs';
import {
  ConfigFileError, HekaError, decodeSection, defaultGlobals, f, formatIssue, givenKey, parseHekaToml,
  parseHostPort, signerGroup, tlsGroup, type ConfigIssue, type ConfigValues, type IssueLocation, type KeyPath,
} from '@heka/core';

export const sbmgrFields = {
  ip_address: f.string({ default: '', doc: 'host:port of the hekad TcpInput that feeds the SandboxManagerFilter.' }),
  use_tls: f.bool({ default: false, doc: 'Connect with TLS, configured by [tls].' }),
  tls: tlsGroup({ preferServerCiphers: false }),
  signer: signerGroup('How the control messages are signed (`[signer]`); the manager only accepts its message_signer.'),
} as const;

export type SbmgrConfig = ConfigValues<typeof sbmgrFields>;

const CODE = 'HEKA_SBMGR_CONFIG';

/** File and line of a key path: the key itself, else the nearest table header above it. */
function locator(file: string, layout: { keys: readonly { path: readonly string[]; line: number }[]; headers: readonly { path: readonly string[]; line: number }[] }) {
  return (path: KeyPath): IssueLocation => {
    const names = path.filter((p): p is string => typeof p === 'string');
    for (let n = names.length; n > 0; n--) {
      const want = JSON.stringify(names.slice(0, n));
      const hit = layout.keys.find((k) => JSON.stringify(k.path) === want) ?? layout.headers.find((h) => JSON.stringify(h.path) === want);
      if (hit) return { file, line: hit.line };
    }
    return { file };
  };
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file or directory' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new HekaError(CODE, `Error decoding config file: open ${path}: ${reason}`, {
      hint: 'point -config at a TOML file with ip_address = "host:port" and a [signer] table (the default is sbmgr.toml / sbmgrload.toml in the current directory)',
    });
  }
}

/** Reads and checks the config; every problem is reported at once, each with its line. */
export function readSbmgrConfig(path: string): SbmgrConfig {
  const text = readText(path);
  let parsed;
  try {
    parsed = parseHekaToml(text, path);
  } catch (e) {
    if (!(e instanceof ConfigFileError)) throw e;
    throw new HekaError(e.code, `Error decoding config file: ${e.message}`, { ...(e.hint ? { hint: e.hint } : {}) });
  }
  const issues: ConfigIssue[] = [];
  const locate = locator(path, parsed.layout);
  const config = decodeSection(sbmgrFields, parsed.table, {
    section: '',
    context: { name: '', globals: defaultGlobals(), given: (k: string) => givenKey(parsed.table, k) },
    unknownKeyMessage: (k) => `unknown setting ${k}`,
    unknownKeyHint: `the settings are ${Object.keys(sbmgrFields).join(', ')}`,
    locate,
  }, issues);
  if (config) issues.push(...checkAddress(config, locate));
  const errors = issues.filter((i) => i.severity === 'error');
  if (!config || errors.length > 0) {
    // The settings are top-level: no "[section]" before the key, and hints name [signer], [tls].
    const lines = errors.map((i) => '  ' + formatIssue({ ...i, section: undefined, ...(i.hint ? { hint: i.hint.replace('[<section>.', '[') } : {}) }));
    throw new HekaError(CODE, `${errors.length} error(s) in ${path}:\n${lines.join('\n')}`, { hint: 'fix the settings above and run again' });
  }
  return config;
}

function checkAddress(config: SbmgrConfig, locate: (path: KeyPath) => IssueLocation): ConfigIssue[] {
  const issue = (message: string): ConfigIssue => ({
    severity: 'error', code: CODE, path: ['ip_address'], message,
    hint: 'write ip_address = "127.0.0.1:5565", the address of the hekad TcpInput that feeds the SandboxManagerFilter', ...locate(['ip_address']),
  });
  if (config.ip_address === '') return [issue('ip_address is empty')];
  try {
    parseHostPort(config.ip_address);
  } catch {
    return [issue(`ip_address "${config.ip_address}" is not a host:port address`)];
  }
  return [];
}
