import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLED_SHARE_DIR, HEKA_SHARE_DIR, shareDir } from './share-dir.js';

describe('shareDir', () => {
  test('a configured share_dir is used as it is', () => {
    expect(shareDir({ share_dir: '/opt/heka/share' })).toBe('/opt/heka/share');
  });

  test('the default is /usr/share/heka when installed, else the copy built into this package', () => {
    expect(shareDir({ share_dir: HEKA_SHARE_DIR })).toBe(existsSync(HEKA_SHARE_DIR) ? HEKA_SHARE_DIR : BUNDLED_SHARE_DIR);
  });

  test('the bundled copy is laid out as a Heka share_dir (pnpm build makes it)', () => {
    for (const f of ['lua_decoders/nginx_access.lua', 'lua_decoders/apache_access.lua', 'lua_decoders/rsyslog.lua', 'lua_decoders/json.lua', 'lua_modules/date_time.lua', 'lua_modules/common_log_format.lua']) {
      expect([f, existsSync(join(BUNDLED_SHARE_DIR, f))]).toEqual([f, true]);
    }
    expect(existsSync(join(BUNDLED_SHARE_DIR, 'lua_modules', 'date_time.test.ts'))).toBe(false);
  });
});
