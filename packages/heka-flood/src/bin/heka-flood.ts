// The heka-flood command: bin/heka-flood.js loads this file's bundle (scripts/bundle.js).
import { runCommand } from '@heka/core';
import { main } from '../main.js';

await runCommand('heka-flood', main);
