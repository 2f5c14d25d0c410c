// todos.sarif: the marks and diagnostics of a batch as SARIF 2.1.0, so code-scanning tools and
// editors list them. Marks point at the original code (what a person knows) with the converted file
// as a related location; original paths are relative to the folder the tool ran in (SRCROOT),
// output paths to the output folder (OUTPUT).
import type { Report } from './report.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

type Level = 'error' | 'warning' | 'note';

interface Location {
  physicalLocation: {
    artifactLocation: { uri: string; uriBaseId: 'SRCROOT' | 'OUTPUT' };
    region?: { startLine: number; startColumn?: number };
  };
}

interface Result {
  ruleId: string;
  ruleIndex: number;
  level: Level;
  message: { text: string };
  locations: Location[];
  relatedLocations?: (Location & { id: number; message: { text: string } })[];
  properties: { gadget: string; kind?: 'todo' | 'review' };
}

/** A relative display path as a URI reference: each segment percent-encoded, `/` kept. */
export function pathUri(displayPath: string): string {
  return displayPath.split('/').map(encodeURIComponent).join('/');
}

function location(file: string, base: 'SRCROOT' | 'OUTPUT', line?: number, column?: number): Location {
  const loc: Location = { physicalLocation: { artifactLocation: { uri: pathUri(file), uriBaseId: base } } };
  if (line !== undefined) loc.physicalLocation.region = column === undefined ? { startLine: line } : { startLine: line, startColumn: column };
  return loc;
}

/**
 * `ruleTitles` names the rule-table rules; other mark ids are the conversion's own (docs/marks.md)
 * and diagnostic codes are documented in docs/diagnostics.md.
 */
export function todosSarif(report: Report, ruleTitles: ReadonlyMap<string, string>): string {
  return JSON.stringify(todosSarifLog(report, ruleTitles), null, 2) + '\n';
}

/** todos.sarif as the object it serializes (the batch writes it piece by piece: chunkedJson). */
export function todosSarifLog(report: Report, ruleTitles: ReadonlyMap<string, string>): unknown {
  const pending: Omit<Result, 'ruleIndex'>[] = [];
  // The first description wins, so the rules list does not depend on anything but report order.
  const describe = new Map<string, string>();
  const rule = (id: string, text: string): string => {
    if (!describe.has(id)) describe.set(id, text);
    return id;
  };
  for (const rec of report.gadgets) {
    const gadget = rec.id ?? rec.source;
    for (const m of rec.widget?.marks ?? []) {
      pending.push({
        ruleId: rule(m.id, ruleTitles.get(m.id) ?? `Conversion mark ${m.id} (docs/marks.md)`),
        level: m.kind === 'todo' ? 'warning' : 'note',
        message: { text: m.message },
        locations: [location(m.at.file, 'SRCROOT', m.at.line, m.at.column)],
        relatedLocations: [{
          id: 0,
          ...location(`${rec.widget!.project}/${m.file}`, 'OUTPUT'),
          message: { text: `the converted code, with the ${m.kind === 'todo' ? 'TODO' : 'REVIEW'}(finesse-migrate) [${m.id}] comment` },
        }],
        properties: { gadget, kind: m.kind },
      });
    }
    for (const d of rec.diagnostics) {
      pending.push({
        ruleId: rule(d.code, `Diagnostic ${d.code} (docs/diagnostics.md)`),
        level: d.severity === 'info' ? 'note' : d.severity,
        message: { text: d.message },
        locations: [location(d.file, 'SRCROOT', d.line, d.column)],
        properties: { gadget },
      });
    }
  }

  const ids = [...describe.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rules = ids.map((id) => ({ id, shortDescription: { text: describe.get(id)! } }));
  const results: Result[] = pending.map((r) => ({ ...r, ruleIndex: ids.indexOf(r.ruleId) }));

  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'finesse-migrate', version: report.tool.version, rules } },
      originalUriBaseIds: {
        SRCROOT: { description: { text: 'The folder finesse-migrate ran in; original gadget files are relative to it.' } },
        OUTPUT: { description: { text: 'The migration output folder (--out).' } },
      },
      results,
    }],
  };
  return log;
}
