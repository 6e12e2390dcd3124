#!/usr/bin/env node
/**
 * cli/main: the `spectral` executable. Everything lives in ./cli; this file only sets the exit code.
 */
import { main } from './cli';
import { installUncaughtHandlers } from './uncaught';

installUncaughtHandlers();

// `spectral run --json | head`: the reader went away; every file written so far is complete, so stop quietly.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
