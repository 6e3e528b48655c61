#!/usr/bin/env node
import { runCommand } from '@heka/core';
import { main } from '../dist/main.js';

await runCommand('heka-cat', main);
