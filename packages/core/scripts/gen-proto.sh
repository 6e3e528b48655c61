#!/bin/sh
# Regenerates the protobufjs static code for src/message/message.proto. Run it through
# `pnpm -C packages/core gen:proto` (pnpm puts pbjs/pbts on PATH) and commit the output.
set -eu
cd "$(dirname "$0")/../src/message"
pbjs --target static-module --wrap es6 --dependency protobufjs/minimal.js --keep-case \
  --no-create --no-verify --no-convert --no-delimited --no-typeurl --no-service \
  --out message.generated.js message.proto
pbts --no-comments --out message.generated.d.ts message.generated.js
