#!/usr/bin/env node
/**
 * cli/main: the `spectral` executable. Everything lives in ./cli; this file only sets the exit code.
 */
import { main } from './cli';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
