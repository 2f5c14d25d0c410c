// Libraries the gadget loaded from the Finesse server, bundled from npm instead (package.json;
// run npm install before building). index.ts requires this file before any gadget code runs.
// The gadget loaded none.
