// Start-up (issue 14): a large CommonJS file (TypeScript's 9 MB typescript.js) loaded with V8's code
// cache, so a run after the first does not compile it again (about a third of a one-gadget migrate).
// Node 22.1 and later have a compile cache of their own (module.enableCompileCache(), called by
// bin/finesse-migrate.js): when it is on, the file is simply required. On Node 20 the file is compiled
// here with vm.Script, as Node would wrap it, with the cached data of an earlier run when there is one
// and it is accepted. The cache lives in the user's cache folder ($XDG_CACHE_HOME or ~/.cache, under
// finesse-migrate/), or in a folder of the user's own under the OS temporary folder; never beside the
// inputs or outputs. Whatever goes wrong with the cache (unreadable, rejected, not writable) the file is
// loaded without it: the cache changes only the time taken. NODE_DISABLE_COMPILE_CACHE (Node's own
// switch for its cache) turns it off.
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { threadId } from 'node:worker_threads';

type NodeModule = InstanceType<typeof Module> & { paths: string[]; filename: string; loaded: boolean };
type ModuleStatics = typeof Module & { _nodeModulePaths(dir: string): string[]; getCompileCacheDir?: () => string | undefined };

/** The folder for our cache files, created if need be; undefined when there is none we may use. */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const xdg = env.XDG_CACHE_HOME;
  const home = os.homedir();
  const candidates: [string, boolean][] = [];
  if (xdg && path.isAbsolute(xdg)) candidates.push([path.join(xdg, 'finesse-migrate'), false]);
  else if (home) candidates.push([path.join(home, '.cache', 'finesse-migrate'), false]);
  // A shared temporary folder: a folder of this user's alone, so no one else can plant a cache file.
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  candidates.push([path.join(os.tmpdir(), `finesse-migrate-cache${uid === undefined ? '' : `-${uid}`}`), true]);
  for (const [dir, shared] of candidates) {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      if (shared && uid !== undefined) {
        const st = statSync(dir);
        if (!st.isDirectory() || st.uid !== uid || (st.mode & 0o022) !== 0) continue;
      }
      return dir;
    } catch {
      // The next candidate.
    }
  }
  return undefined;
}

/** V8's cached data is for one V8 build and flags; the file is named for what it was made from. */
function cacheFileName(file: string, size: number, mtimeMs: number, version: string): string {
  const key = [process.version, process.arch, process.versions.v8, version, size, Math.trunc(mtimeMs), file].join('\0');
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return `${path.basename(file, '.js')}-${version}-${h.toString(16).padStart(8, '0')}.v8cache`;
}

// A cache file: this header, the SHA-256 of the data, then V8's data. V8 checks that its data is for
// this V8 and a source of this length, but does not checksum it: a damaged file (a disk error, an
// interrupted copy) could crash the process. Data whose digest does not match is not used.
const MAGIC = Buffer.from('FMV8C\0\0\x01', 'latin1');
const HEADER = MAGIC.length + 32;
const digest = (data: Uint8Array): Buffer => createHash('sha256').update(data).digest();

/** V8's data from a cache file, or undefined when it is missing, of another format or damaged. */
function readCacheFile(file: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  if (bytes.length <= HEADER || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const data = bytes.subarray(HEADER);
  return digest(data).equals(bytes.subarray(MAGIC.length, HEADER)) ? data : undefined;
}

/**
 * What the loader did, for tests: 'node' (Node's own compile cache), 'hit', 'miss' (no usable cache
 * file: none, or damaged), 'rejected' (by V8: made by another V8 or for another source) or 'off'.
 */
export let lastLoad: { specifier: string; cache: 'node' | 'hit' | 'miss' | 'rejected' | 'off'; cacheFile?: string } | undefined;

/**
 * require(specifier) from `from` (a module URL), compiled with a V8 code cache kept between runs.
 * The module is put in require's cache, so a later require() of it gives the same object. `version`
 * names the package's version in the cache file's name (old files of other versions are left alone).
 */
export function requireWithCodeCache(specifier: string, from: string, version: string): unknown {
  const req = createRequire(from);
  const file = req.resolve(specifier);
  const statics = Module as ModuleStatics;
  const cached = req.cache[file];
  if (cached) return cached.exports;
  if (statics.getCompileCacheDir?.() || process.env.NODE_DISABLE_COMPILE_CACHE) {
    lastLoad = { specifier, cache: statics.getCompileCacheDir?.() ? 'node' : 'off' };
    return req(specifier);
  }

  let source: string;
  let size: number;
  let mtimeMs: number;
  const fd = openSync(file, 'r');
  try {
    const st = fstatSync(fd);
    size = st.size;
    mtimeMs = st.mtimeMs;
    const bytes = readFileSync(fd);
    // Plain ASCII (typescript.js is) decodes faster as Latin-1, to the same string.
    source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  } finally {
    closeSync(fd);
  }
  if (source.charCodeAt(0) === 0xfeff) source = source.slice(1);
  if (source.startsWith('#!')) source = `//${source.slice(2)}`;

  const dir = codeCacheDir();
  const cacheFile = dir === undefined ? undefined : path.join(dir, cacheFileName(file, size, mtimeMs, version));
  const cachedData = cacheFile === undefined ? undefined : readCacheFile(cacheFile);
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n})`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const state = cachedData === undefined ? 'miss' : script.cachedDataRejected ? 'rejected' : 'hit';
  lastLoad = { specifier, cache: cacheFile ? state : 'off', ...(cacheFile ? { cacheFile } : {}) };

  const mod = new Module(file) as NodeModule;
  mod.filename = file;
  mod.paths = statics._nodeModulePaths(path.dirname(file));
  const wrapper = script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: unknown, f: string, d: string) => void;
  req.cache[file] = mod;
  try {
    wrapper.call(mod.exports, mod.exports, createRequire(file), mod, file, path.dirname(file));
  } catch (e) {
    delete req.cache[file];
    throw e;
  }
  mod.loaded = true;

  // The cache is written after the module has run, so it holds the functions its loading compiled too.
  if (cacheFile && state !== 'hit') {
    const tmp = `${cacheFile}.${process.pid}-${threadId}.tmp`;
    try {
      const data = script.createCachedData();
      writeFileSync(tmp, Buffer.concat([MAGIC, digest(data), data]), { mode: 0o600 });
      renameSync(tmp, cacheFile);
    } catch {
      try {
        rmSync(tmp, { force: true });
      } catch {
        // Nothing more to do: the cache is only for speed.
      }
    }
  }
  return mod.exports;
}
