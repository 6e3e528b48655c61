#!/usr/bin/env node
import { runCommand } from '@heka/core';
import { main } from '../dist/load-main.js';

await runCommand('heka-sbmgrload', main);
