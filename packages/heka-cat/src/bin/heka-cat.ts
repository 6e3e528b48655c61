// The heka-cat command: bin/heka-cat.js loads this file's bundle (scripts/bundle.js).
import { runCommand } from '@heka/core';
import { main } from '../main.js';

await runCommand('heka-cat', main);
