// Decodes a `tls` table through the real schema, as a plugin's config would be (tests).
import { decodeSection, defaultGlobals, formatIssue, type ConfigIssue } from '../config/index.js';
import { tlsFields, type TlsSettings } from '../client/tls-config.js';

export function decodeTlsSettings(raw: Record<string, unknown>): TlsSettings {
  const issues: ConfigIssue[] = [];
  const decoded = decodeSection(tlsFields, raw, {
    section: 'test',
    context: { name: 'test', globals: defaultGlobals(), given: (k) => raw[k] },
    unknownKeyMessage: (k) => `unknown ${k}`,
    unknownKeyHint: '',
  }, issues);
  if (!decoded) throw new Error(issues.map(formatIssue).join('\n'));
  return decoded;
}
