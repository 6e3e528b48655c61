// heka-flood's config: a TOML file whose top-level tables are named tests; -test picks one.
// Each test section is decoded strictly, so a misspelt option is reported with its line and a
// suggestion instead of being ignored as Heka ignored it.
import { readFileSync } from 'node:fs';
import {
  ConfigFileError, HekaError, decodeSection, defaultGlobals, didYouMean, f, formatIssue, givenKey,
  parseConfigFile, signerGroup, tlsGroup, clientTlsProblems, type ConfigIssue, type ConfigValues,
} from '@heka/core';

export const floodFields = {
  ip_address: f.string({ default: '', doc: 'host:port of the hekad input to flood.' }),
  sender: f.string({ default: '', doc: 'Network: "tcp" (also tcp4/tcp6) or "udp" (udp4/udp6).' }),
  num_messages: f.uint({ default: 0, doc: 'Stop after this many sends; 0 sends until Ctrl-C.' }),
  message_interval: f.duration({ default: '0s', doc: 'Pause after each send, a Go duration ("10ms").' }),
  static_message_size: f.uint({ default: 0, doc: 'Random payload bytes of the fixed message; 0 means 1000.' }),
  variable_size_messages: f.bool({ default: false, doc: 'Send 64 random messages of varied size and fields instead of one fixed message.' }),
  ascii_only: f.bool({ default: false, doc: 'Random payload bytes are printable ASCII (32–125).' }),
  corrupt_percentage: f.float({ default: 0, doc: 'Percent of sends with one random byte changed.' }),
  signed_percentage: f.float({ default: 0, doc: 'Percent of sends that are HMAC signed with [test.signer].' }),
  oversized_percentage: f.float({ default: 0, doc: 'Percent of sends over the maximum message size (needs variable_size_messages).' }),
  signer: signerGroup('How signed messages are signed (`[test.signer]`).'),
  use_tls: f.bool({ default: false, doc: 'Connect with TLS (tcp only).' }),
  tls: tlsGroup({ preferServerCiphers: false }),
  max_message_size: f.uint({ default: 0, max: 4294967295, doc: 'Maximum message size in bytes; 0 keeps 65536.' }),
  reconnect_on_error: f.bool({ default: false, doc: 'On a dial or send error wait reconnect_interval and redial, forever.' }),
  reconnect_interval: f.int({ default: 5, doc: 'Seconds between redials; values below 1 mean 5.' }),
  pprof_file: f.string({ default: '', doc: 'Write a CPU profile of the run here (a V8 .cpuprofile, not Go pprof).' }),
  encoder: f.string({ default: 'protobuf', doc: 'Only "protobuf" is supported.' }),
} as const;

export type FloodTest = ConfigValues<typeof floodFields>;

function configError(message: string, hint: string): HekaError {
  return new HekaError('HEKA_FLOOD_CONFIG', message, { hint });
}

export function readFloodTest(path: string, testName: string): FloodTest {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw configError(`Error decoding config file: open ${path}: ${code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`,
      'give -config a TOML file with a [<test>] section (default: flood.toml in the current directory)');
  }
  let parsed;
  try {
    parsed = parseConfigFile(path, text);
  } catch (e) {
    if (!(e instanceof ConfigFileError)) throw e;
    throw new HekaError(e.code, `Error decoding config file: ${e.message}`, { ...(e.hint ? { hint: e.hint } : {}) });
  }
  const tests = parsed.sections;
  const section = tests.find((s) => s.name === testName);
  if (section === undefined) {
    const names = tests.map((s) => s.name);
    const close = didYouMean(testName, names);
    throw configError(`Configuration test: '${testName}' was not found in ${path}`,
      close ?? (names.length > 0 ? `the tests in this file are ${names.join(', ')}; choose one with -test` : 'add a [' + testName + '] section'));
  }
  const issues: ConfigIssue[] = [...parsed.issues.filter((i) => i.severity === 'error')];
  const context = { name: section.name, globals: defaultGlobals(), given: (k: string) => givenKey(section.table, k) };
  const test = decodeSection(floodFields, section.table, {
    section: section.name,
    context,
    unknownKeyMessage: (k) => `unknown setting ${k}`,
    unknownKeyHint: `the settings of a test are ${Object.keys(floodFields).join(', ')}`,
    locate: section.locate,
  }, issues);
  if (test) issues.push(...checkTest(test, section.name, section.locate));
  if (!test || issues.length > 0) {
    throw new HekaError('HEKA_FLOOD_CONFIG', `${issues.length} error(s) in ${path}:\n${issues.map((i) => '  ' + formatIssue(i)).join('\n')}`, { hint: 'fix the settings above and run again' });
  }
  return test;
}

/** Settings that decode but cannot work (Heka crashed or silently did something else). */
function checkTest(t: FloodTest, section: string, locate: (path: readonly string[]) => { file?: string; line?: number }): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const add = (key: string, message: string, hint: string): void => {
    issues.push({ severity: 'error', code: 'HEKA_FLOOD_CONFIG', section, path: [key], message, hint, ...locate([key]) });
  };
  if (t.ip_address === '') add('ip_address', 'ip_address is empty', 'write ip_address = "127.0.0.1:5565" (the hekad input to flood)');
  if (!['tcp', 'tcp4', 'tcp6', 'udp', 'udp4', 'udp6'].includes(t.sender)) {
    add('sender', t.sender === '' ? 'sender is empty' : `sender "${t.sender}" is not supported`, 'write sender = "tcp" or sender = "udp"');
  }
  if (t.use_tls && t.sender.startsWith('udp')) add('use_tls', 'TLS needs a tcp sender', 'set sender = "tcp" or use_tls = false');
  if (t.use_tls) {
    for (const p of clientTlsProblems(t.tls)) issues.push({ severity: 'error', code: 'HEKA_FLOOD_CONFIG', section, path: p.key, message: p.message, hint: p.hint, ...locate([...p.key]) });
  }
  if (t.encoder !== 'protobuf') add('encoder', `encoder "${t.encoder}" is not supported: heka-flood sends Heka protobuf only (Heka ignored this setting)`, 'remove the line or write encoder = "protobuf"');
  if (t.oversized_percentage > 0 && !t.variable_size_messages) {
    add('oversized_percentage', 'oversized messages need variable_size_messages = true (Heka crashed here)', 'set variable_size_messages = true or oversized_percentage = 0');
  }
  for (const key of ['corrupt_percentage', 'signed_percentage', 'oversized_percentage'] as const) {
    if (t[key] < 0 || t[key] > 100) add(key, `${key} ${t[key]} is not a percentage`, 'use a number from 0 to 100');
  }
  if (t.max_message_size > 0 && t.max_message_size <= 1024) add('max_message_size', `max_message_size ${t.max_message_size} is too small`, 'use more than 1024, or 0 for the default 65536');
  return issues;
}

