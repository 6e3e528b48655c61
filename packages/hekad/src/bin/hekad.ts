// The hekad command: bin/hekad.js loads this file's bundle (scripts/bundle.js).
import { runCommand } from '@heka/core';
import { main } from '../main.js';

await runCommand('hekad', main);
