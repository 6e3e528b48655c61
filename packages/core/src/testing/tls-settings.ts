// Decodes a `tls` table through the real schema, as a plugin's config would be (tests).
import { decodeSection, defaultGlobals, formatIssue, type ConfigIssue } from '../config/index.js';
import { tlsFields, type TlsConfig } from '../tls/tls-fields.js';

export function decodeTlsSettings(raw: Record<string, unknown>): TlsConfig {
  const issues: ConfigIssue[] = [];
  const decoded = decodeSection(tlsFields(false), raw, {
    section: 'test',
    context: { name: 'test', globals: defaultGlobals(), given: (k) => raw[k] },
    unknownKeyMessage: (k) => `unknown ${k}`,
    unknownKeyHint: '',
  }, issues);
  if (!decoded) throw new Error(issues.map(formatIssue).join('\n'));
  return decoded;
}
