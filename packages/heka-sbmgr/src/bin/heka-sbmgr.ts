// The heka-sbmgr command: bin/heka-sbmgr.js loads this file's bundle (scripts/bundle.js).
import { runCommand } from '@heka/core';
import { main } from '../main.js';

await runCommand('heka-sbmgr', main);
