// The heka-sbmgrload command: bin/heka-sbmgrload.js loads this file's bundle (scripts/bundle.js).
import { runCommand } from '@heka/core';
import { main } from '../load-main.js';

await runCommand('heka-sbmgrload', main);
