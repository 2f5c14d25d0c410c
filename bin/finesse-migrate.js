#!/usr/bin/env node
// Entry point; the CLI is compiled to dist/ by `npm run build` (run on install by `prepare`).
import { main } from '../dist/cli/main.js';

process.exitCode = await main();
