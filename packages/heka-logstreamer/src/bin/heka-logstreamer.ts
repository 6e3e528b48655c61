// The heka-logstreamer command: bin/heka-logstreamer.js loads this file's bundle (scripts/bundle.js).
import { runCommand } from '@heka/core';
import { main } from '../main.js';

await runCommand('heka-logstreamer', main);
