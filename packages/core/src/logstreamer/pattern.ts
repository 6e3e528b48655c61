// file_match as Heka compiles it: `$` appended unless already last, then anchored at the resolved
// log_directory, so the expression matches the part of the full path after `<log_directory>/`.
import { realpath } from 'node:fs/promises';
import { HekaError } from '../errors/heka-error.js';
import { RegexSyntaxError, translateGoRegexp } from '../regex/index.js';

export interface FilePattern {
  /** log_directory with every symlink resolved. */
  readonly root: string;
  /** file_match as Heka uses it (with the `$` it appends); its error messages show this. */
  readonly fileMatch: string;
  /** The whole Go expression: `^` + quoted root + `/` + file_match. */
  readonly expression: string;
  readonly regexp: RegExp;
  /** Go's SubexpNames: groupNames[i] names match[i]. */
  readonly groupNames: readonly string[];
}

/** Go's regexp.QuoteMeta. */
export function quoteGoMeta(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** `$` appended to file_match unless it already ends with one, as LogstreamerInput does. */
export function anchoredFileMatch(fileMatch: string): string {
  return fileMatch.endsWith('$') ? fileMatch : `${fileMatch}$`;
}

/** Builds the pattern for an already resolved root. */
export function compileFilePattern(root: string, fileMatch: string): FilePattern {
  const match = anchoredFileMatch(fileMatch);
  const prefix = root.endsWith('/') || match.startsWith('/') ? root : `${root}/`;
  const expression = `^${quoteGoMeta(prefix)}${match}`;
  try {
    const t = translateGoRegexp(expression);
    return { root, fileMatch: match, expression, regexp: new RegExp(t.source, t.flags), groupNames: t.groupNames };
  } catch (e) {
    if (!(e instanceof RegexSyntaxError)) throw e;
    throw new HekaError('HEKA_LOGSTREAMER_FILE_MATCH', `file_match ${JSON.stringify(fileMatch)} is not a valid regular expression: ${e.message}`, {
      hint: e.hint ?? "file_match uses Go's regular expression syntax (RE2), e.g. 'access\\.log\\.?(?P<Seq>\\d+)?'",
      cause: e,
    });
  }
}

/** Resolves log_directory (symlinks included) and compiles file_match against it. */
export async function resolveFilePattern(logDirectory: string, fileMatch: string): Promise<FilePattern> {
  if (logDirectory === '') {
    throw new HekaError('HEKA_LOGSTREAMER_LOG_DIRECTORY', 'log_directory is empty', { hint: 'set log_directory to the directory that holds the logs, e.g. "/var/log/nginx"' });
  }
  let root: string;
  try {
    root = await realpath(logDirectory);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new HekaError('HEKA_LOGSTREAMER_LOG_DIRECTORY', `log_directory ${JSON.stringify(logDirectory)}: ${why}`, {
      hint: 'log_directory must be an existing directory (symlinks are followed); create it or fix the path',
      cause: e,
    });
  }
  return compileFilePattern(root, fileMatch);
}
