// The JSON Schema validators the tool runs are Ajv's standalone code, generated from the schemas by
// scripts/schema-validators.mjs and committed under src/generated/ (start-up, issue 14). A schema
// changed, or Ajv upgraded, without generating them again fails here: run
// `node scripts/schema-validators.mjs` and commit the files.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types.
import { FILES, render } from '../scripts/schema-validators.mjs';
import * as layout from '../src/generated/layout-validators.js';
import { validateConfig } from '../src/generated/config-validator.js';
import { validateRule } from '../src/generated/rule-validator.js';
import { ROOT } from './helpers.js';

const files = Object.keys(FILES as Record<string, unknown>);

describe('the generated schema validators', () => {
  it.each(files)('%s is what the script generates from the schemas now', (file) => {
    expect(readFileSync(path.join(ROOT, file), 'utf8'), `${file} is out of date: run node scripts/schema-validators.mjs`).toBe((render as (f: string) => string)(file));
  });

  it('give the errors Ajv gives when it compiles the schemas at run time', () => {
    const require = createRequire(import.meta.url);
    const Ajv2020 = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
    const json = (rel: string): object => JSON.parse(readFileSync(path.join(ROOT, rel), 'utf8')) as object;
    type Fn = ((v: unknown) => boolean) & { errors?: unknown };
    const same = (generated: Fn, compiled: Fn, values: unknown[]): void => {
      for (const value of values) {
        expect(generated(value)).toBe(compiled(value));
        expect(generated.errors ?? null).toEqual(compiled.errors ?? null);
      }
    };
    const spec = FILES as Record<string, { options: object }>;
    const rules = new Ajv2020.default(spec['src/generated/rule-validator.ts']!.options);
    const rule = json('rules/CTR-07-adjust-height/rule.json') as Record<string, unknown>;
    same(validateRule as Fn, rules.compile(json('rules/rule.schema.json')) as Fn, [rule, { ...rule, confidence: 'sure' }, { ...rule, extra: 1 }, {}, 'text']);
    const configs = new Ajv2020.default(spec['src/generated/config-validator.ts']!.options);
    same(validateConfig as Fn, configs.compile(json('schemas/config.schema.json')) as Fn, [{}, { widgetProvider: 1 }, { gadgets: { a: { placement: 'side' } } }, { cdnBase: 'https://x' }, []]);
    const layouts = new Ajv2020.default(spec['src/generated/layout-validators.ts']!.options);
    layouts.addSchema(json('schemas/layout-fragment.schema.json'));
    layouts.addSchema(json('schemas/desktop-layout.schema.json'));
    const id = 'https://finesse-migrate.dev/schemas/desktop-layout.schema.json';
    const values = [{}, { agent: {} }, { version: '0.0.6', appTitle: 1 }, [], { comp: 'x', script: 'y' }];
    same(layout.layout as Fn, layouts.getSchema(id) as Fn, values);
    same(layout.perRole as Fn, layouts.getSchema(`${id}#/$defs/perRoleFile`) as Fn, values);
    same(layout.singleRole as Fn, layouts.getSchema(`${id}#/$defs/roleLayout`) as Fn, values);
    same(layout.fragment as Fn, layouts.getSchema('https://finesse-migrate.dev/schemas/layout-fragment.schema.json') as Fn, values);
  });
});
