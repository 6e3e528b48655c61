#!/usr/bin/env bash
# Builds packages/hekad/src/sandbox/wasm/heka-lua.wasm: stock Lua 5.1.5 + LPeg 1.0.2 +
# lua-cjson 2.1.0 (Debian's source packages, MIT) + our sandbox core (src/sandbox/c: every .c there,
# including the C modules circular_buffer (cbuf*.c) and hyperloglog (hyperloglog.c)), with
# Debian's emscripten. Writes manifest.json (source versions, sha256s) and the licences next
# to it. Only this script needs the toolchain; the built files are committed.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/packages/hekad/src/sandbox/wasm"
CORE="$ROOT/packages/hekad/src/sandbox/c"
WORK="${HS_BUILD_DIR:-/tmp/heka-sandbox-build}"
SUITE=bookworm
LUA_VERSION=5.1.5-9
LPEG_VERSION=1.0.2-2
CJSON_VERSION=2.1.0+dfsg-2.2

export NODE_PATH=/usr/share/nodejs # Debian's emcc finds its node modules only here

if ! command -v emcc >/dev/null; then
  echo "emcc not found: installing Debian's emscripten (and dpkg-dev for apt-get source)"
  apt-get update && apt-get install -y --no-install-recommends emscripten dpkg-dev
fi

# deb-src enabled in a private apt directory: the system's apt configuration stays untouched
mkdir -p "$WORK/apt/lists/partial" "$WORK/apt/cache/archives/partial"
echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $SUITE main" \
  >"$WORK/apt/sources.list"
APT=(-o "Dir::Etc::sourcelist=$WORK/apt/sources.list" -o "Dir::Etc::sourceparts=-"
  -o "Dir::State::Lists=$WORK/apt/lists" -o "Dir::Cache=$WORK/apt/cache")
apt-get "${APT[@]}" update >/dev/null

SRC="$WORK/src"
if [ ! -d "$SRC/lua5.1-5.1.5" ] || [ ! -d "$SRC/lua-lpeg-1.0.2" ] || [ ! -d "$SRC/lua-cjson-2.1.0+dfsg" ]; then
  rm -rf "$SRC" && mkdir -p "$SRC"
  (cd "$SRC" && apt-get "${APT[@]}" source "lua5.1=$LUA_VERSION" "lua-lpeg=$LPEG_VERSION" \
    "lua-cjson=$CJSON_VERSION")
fi
LUA="$SRC/lua5.1-5.1.5/src"
CJSON="$SRC/lua-cjson-2.1.0+dfsg"

GEN="$WORK/gen"
mkdir -p "$GEN"
# LPeg with room for 128 captures on the C stack instead of 32: a log line grammar with a dozen
# fields needs more than 32, and LPeg then allocates a Lua userdata (garbage) for them per match.
LPEG="$GEN/lpeg"
rm -rf "$LPEG" && cp -r "$SRC/lua-lpeg-1.0.2" "$LPEG"
sed -i 's/^#define INITCAPSIZE\t32$/#define INITCAPSIZE\t128/' "$LPEG/lptypes.h"
grep -q '^#define INITCAPSIZE.128$' "$LPEG/lptypes.h" || { echo "lptypes.h: INITCAPSIZE not found" >&2; exit 1; }
# LPeg's pattern argument check without a registry lookup by name per call (src/sandbox/c/lpeg_pattern.c)
sed -i 's/^  return (Pattern \*)luaL_checkudata(L, idx, PATTERN_T);$/  return (Pattern *)hs_lpeg_checkpattern(L, idx);/' "$LPEG/lptree.c"
sed -i 's/^static Pattern \*getpattern (lua_State \*L, int idx) {$/void *hs_lpeg_checkpattern (lua_State *L, int idx);\n&/' "$LPEG/lptree.c"
[ "$(grep -c 'hs_lpeg_checkpattern' "$LPEG/lptree.c")" = 2 ] || { echo "lptree.c: getpattern not found" >&2; exit 1; }
# Debian's luaconf.h names its multiarch header; only the C module search path uses it
echo '#define DEB_HOST_MULTIARCH "wasm32-emscripten"' >"$GEN/lua5.1-deb-multiarch.h"
node -e '
  const b = require("fs").readFileSync(process.argv[1]);
  const hex = [...b].map((x) => "0x" + x.toString(16)).join(",");
  process.stdout.write("static const unsigned char re_lua[] = {" + hex + "};\n");
' "$LPEG/re.lua" >"$GEN/re_lua.h"

LUA_FILES=(lapi lcode ldebug ldo ldump lfunc lgc llex lmem lobject lopcodes lparser lstate
  lstring ltable ltm lundump lvm lzio lauxlib lbaselib ltablib lstrlib lmathlib loslib liolib)
SOURCES=()
for f in "${LUA_FILES[@]}"; do SOURCES+=("$LUA/$f.c"); done
for f in lpcap lpcode lpprint lptree lpvm; do SOURCES+=("$LPEG/$f.c"); done
for f in lua_cjson strbuf fpconv; do SOURCES+=("$CJSON/$f.c"); done
SOURCES+=("$CORE"/*.c)

EXPORTS=_hs_create,_hs_set_strings,_hs_config,_hs_load,_hs_message_buffer,_hs_process_message
EXPORTS+=,_hs_timer_event,_hs_usage,_hs_error,_hs_state,_hs_alloc,_hs_free,_hs_destroy
EXPORTS+=,_hs_preserve,_hs_scratch,_hs_restore,_hs_disable,_hs_message_modified,_hs_message_data
EXPORTS+=,_hs_payload_only,_hs_enable_io,_hs_payload_buffer,_hs_process_payload,_hs_inherit_buffer,_hs_inherit

mkdir -p "$OUT"
# LUA_USELONGLONG: string.format("%d") goes through long long, so ns timestamps print whole.
# STANDALONE_WASM + our loader (src/sandbox/wasm-loader.ts): no emscripten JS glue at all.
# fast_strtod.h: strtod is our hs_strtod everywhere (plain decimals without long double maths).
# -flto: small helpers across files (buffer appends, Lua API calls from the core and LPeg) are
# inlined; 10-15 % faster decoding for a 400 KB instead of 290 KB module (-O3 gained nothing more).
emcc -O2 -flto -std=gnu99 -DLUA_USELONGLONG -DNDEBUG \
  -I"$GEN" -I"$LUA" -I"$LPEG" -I"$CJSON" -I"$CORE" -include "$CORE/fast_strtod.h" \
  -Wno-empty-body -Wno-string-plus-int \
  "${SOURCES[@]}" \
  -sSTANDALONE_WASM=1 --no-entry -sEXPORTED_FUNCTIONS="$EXPORTS" \
  -sERROR_ON_UNDEFINED_SYMBOLS=0 \
  -sWASM_ASYNC_COMPILATION=0 -sNODEJS_CATCH_EXIT=0 -sNODEJS_CATCH_REJECTION=0 \
  -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=1MB -sTOTAL_STACK=512KB \
  -o "$OUT/heka-lua.wasm"

mkdir -p "$OUT/licenses"
cp "$SRC/lua5.1-5.1.5/COPYRIGHT" "$OUT/licenses/lua-5.1.5.txt"
sed -n '/^Copyright/,/SOFTWARE\.$/p' "$LPEG/lpeg.html" | sed 's/<[^>]*>//g; s/&copy;/(c)/' \
  >"$OUT/licenses/lpeg-1.0.2.txt"
cp "$CJSON/LICENSE" "$OUT/licenses/lua-cjson-2.1.0.txt"

sha() { sha256sum "$1" | cut -d' ' -f1; }
src_entry() { # package version: the files apt-get source fetched, with their sha256
  local files=() f
  for f in "$SRC"/"$1"_*; do
    [ -f "$f" ] && files+=("{\"file\":\"$(basename "$f")\",\"sha256\":\"$(sha "$f")\"}")
  done
  (IFS=,; echo "{\"package\":\"$1\",\"version\":\"$2\",\"files\":[${files[*]}]}")
}
cat >"$OUT/manifest.json" <<JSON
{
  "wasm": { "file": "heka-lua.wasm", "sha256": "$(sha "$OUT/heka-lua.wasm")", "bytes": $(stat -c %s "$OUT/heka-lua.wasm") },
  "toolchain": "$(emcc --version | head -1 | sed 's/"/\\"/g')",
  "debian_suite": "$SUITE",
  "sources": [
    $(src_entry lua5.1 "$LUA_VERSION"),
    $(src_entry lua-lpeg "$LPEG_VERSION"),
    $(src_entry lua-cjson "$CJSON_VERSION")
  ],
  "licenses": { "lua5.1": "licenses/lua-5.1.5.txt", "lua-lpeg": "licenses/lpeg-1.0.2.txt", "lua-cjson": "licenses/lua-cjson-2.1.0.txt" }
}
JSON
node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$OUT/manifest.json"
echo "built $OUT/heka-lua.wasm ($(stat -c %s "$OUT/heka-lua.wasm") bytes)"
