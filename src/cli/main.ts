#!/usr/bin/env node
import { runCli } from './runCli.js';

// `linked-enforcement catalog | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error('内部错误 Internal error:', error);
    process.exitCode = 70;
  },
);
