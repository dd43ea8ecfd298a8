#!/usr/bin/env node
import { runCli } from './print-migration.js';

process.exitCode = runCli(
  process.argv.slice(2),
  (text) => process.stdout.write(text),
  (text) => process.stderr.write(text),
);
