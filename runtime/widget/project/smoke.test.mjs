// npm test (node --test): this widget's bundle on the simulated Desktop in happy-dom, a DOM without a
// browser: defined, renders, starts with Desktop.config.init, gets through a call and its removal
// without errors or misuse of the SDK. The checks are the ones every widget of the migration output
// runs (../../../runtime/test/smoke.mjs). Nothing leaves the machine: every request the widget makes
// fails as if offline (what it logs about those is not counted) unless NETWORK below answers it.
// Add tests beside this one: each *.test.mjs in test/ runs; ../../../runtime/dev/bundle.mjs bundles
// the widget and the simulator for them. For a check in a real browser, `npm start` and open the page.
import { fileURLToPath } from "node:url";
import { smokeTest } from "../../../runtime/test/smoke.mjs";

/**
 * Canned answers for the widget's own backend, by URL ("*" matches any run of characters), e.g.
 * { "https://crm.example.com/api/customers*": { json: [{ id: "1", name: "Ada" }] } }; also
 * { status, contentType, body } for text.
 */
const NETWORK = {};

smokeTest({ dir: fileURLToPath(new URL("..", import.meta.url)), network: NETWORK });
