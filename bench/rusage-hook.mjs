// Preloaded with `node --import` by bench/estate.mjs when /usr/bin/time is missing: at exit, writes
// "user sys maxRSS(KB)" of this process (its threads included, child processes not) to $FM_RUSAGE_FILE,
// in the format of `/usr/bin/time -f '%U %S %M'`.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const u = process.resourceUsage();
  if (process.env.FM_RUSAGE_FILE) writeFileSync(process.env.FM_RUSAGE_FILE, `${u.userCPUTime / 1e6} ${u.systemCPUTime / 1e6} ${u.maxRSS}\n`);
});
