// finesse-migrate.config.json: what the gadgets cannot tell (widget provider, element names). Validated
// against schemas/config.schema.json when loaded; a bad file is a usage error naming the file and line.
import { readInputFile } from './parse/read-file.js';
import { createRequire } from 'node:module';
import type Ajv2020Module from 'ajv/dist/2020.js';

export interface TenantConfig {
  idleCodes?: Record<string, string>;
  cadVariables?: Record<string, string>;
  outdial?: { entryPointId: string; ani?: string };
}

export interface MigrateConfig {
  widgetProvider?: string;
  gadgets?: Record<string, { elementName?: string; placement?: 'navigation' | 'panel' | 'header' | 'headless'; roles?: ('agent' | 'supervisor' | 'supervisorAgent')[] }>;
  cdnBase?: string;
  /** Prefix of every element name (`acme-`). */
  elementPrefix?: string;
  tenant?: TenantConfig;
}

export class ConfigError extends Error {}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

export function loadConfig(file: string): MigrateConfig {
  let text: string;
  try {
    // A FIFO or /dev/stdin would wait forever, a device never end: only a regular file of settings,
    // of at most 1 MB. Editors on Windows save JSON with a BOM, which JSON.parse refuses.
    text = readInputFile(file, 1_000_000).toString('utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    throw new ConfigError(`cannot read the config file ${file}: ${(e as Error).message.replace(`${file}: `, '')}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    throw new ConfigError(`${file}${m ? `:${lineOf(text, Number(m[1]))}` : ''}: not valid JSON (${(e as Error).message})`);
  }
  const require = createRequire(import.meta.url);
  const schema = require('../schemas/config.schema.json') as object;
  // Ajv with require(), when there is a config file to check (start-up, issue 14).
  const Ajv2020 = require('ajv/dist/2020.js') as typeof Ajv2020Module;
  const ajv = new Ajv2020.default({ allErrors: true, strict: true });
  const validate = ajv.compile<MigrateConfig>(schema);
  if (!validate(value)) {
    const problems = (validate.errors ?? []).map((err) => {
      const extra = err.params && 'additionalProperty' in err.params ? String(err.params['additionalProperty']) : undefined;
      const key = extra ?? err.instancePath.split('/').filter(Boolean).pop();
      const at = key ? text.indexOf(`"${key.replace(/~1/g, '/').replace(/~0/g, '~')}"`) : -1;
      return `${file}${at >= 0 ? `:${lineOf(text, at)}` : ''}: ${err.instancePath || '(top level)'} ${err.message}${err.params && 'additionalProperty' in err.params ? ` "${String(err.params['additionalProperty'])}"` : ''}`;
    });
    throw new ConfigError(problems.join('\n'));
  }
  return value;
}
