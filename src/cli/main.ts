#!/usr/bin/env node
import { runCli } from './program.js';

// A reader that goes away (`basepin ls | head`) is not an error: the rest of the output is dropped, the run goes on and
// its exit status still says what it found.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    stream.write = () => true;
  });
}

const io = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
// runCli maps every failure to a message and an exit status (errors.ts); it does not reject.
process.exitCode = await runCli(process.argv.slice(2), io);
