// The heka-inject command: bin/heka-inject.js loads this file's bundle (scripts/bundle.js).
import { runCommand } from '@heka/core';
import { main } from '../main.js';

await runCommand('heka-inject', main);
