#!/usr/bin/env node
import { runCli } from './program.js';

const io = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
// runCli maps every failure to a message and an exit status (errors.ts); it does not reject.
process.exitCode = await runCli(process.argv.slice(2), io);
