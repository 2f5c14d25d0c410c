#!/usr/bin/env node
// Entry point; the CLI is compiled to dist/ by `npm run build` (run on install by `prepare`).
import module from 'node:module';

// Node 22.1 and later keep compiled code between runs (in the OS temporary folder): a faster start.
module.enableCompileCache?.();

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // Start-up (issue 14): the version alone is answered without loading the CLI and its parser.
  // A reader that leaves early (`| head -0`) is its choice, as in the CLI: no EPIPE error.
  process.stdout.on('error', (e) => {
    if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
  });
  const { readFileSync } = await import('node:fs');
  process.stdout.write(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version + '\n');
} else {
  const { main } = await import('../dist/cli/main.js');
  process.exitCode = await main();
}
