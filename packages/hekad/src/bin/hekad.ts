// The hekad command: bin/hekad.js loads this file's bundle (scripts/bundle.js).
import { runCommand } from '@heka/core';
import { main } from '../main.js';

// Not awaited: the CommonJS bundle (scripts/bundle.js --code-cache) has no top-level await;
// runCommand ends the process itself.
void runCommand('hekad', main);
