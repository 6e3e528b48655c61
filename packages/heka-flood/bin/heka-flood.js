#!/usr/bin/env node
// One bundled file (built by `pnpm build`, scripts/bundle.js): starts ~150 ms sooner than the modules one by one.
import '../dist/bundle/heka-flood.js';
