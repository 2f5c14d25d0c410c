// The resolver of API uses (src/analyze/resolve.ts) on the shapes field gadgets use to reach Finesse
// objects, through the script pass the widgets get (src/rules/snippet.ts): which API each use is, and
// that none is left as written without a rewrite or a mark.
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { resolveUses } from '../src/analyze/resolve.js';
import { transformSnippet } from '../src/rules/snippet.js';
import { loadRuleTable } from '../src/rules/table.js';

const table = loadRuleTable();
const uses = (code: string): string[] =>
  resolveUses([ts.createSourceFile('g.js', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS)]).uses.map((u) => `${u.api}${u.untyped ? ' (untyped)' : ''}${u.teamMember ? ' (team member)' : ''}`);
const run = (code: string) => transformSnippet(code, table);

describe('types values the way gadgets reach them', () => {
  it('user → media list → media → media dialogs → media dialog, through handlers and collections', () => {
    const code = `
      var user = new finesse.restservices.User({ id: id, onLoad: onUserLoad });
      function onUserLoad(u) { u.getMediaList({ onLoad: function (mediaList) {
        var media = mediaList.getMedia({ id: "chat", onLoad: onMediaLoad });
      } }); }
      function onMediaLoad(media) {
        media.getMediaDialogs({ onCollectionAdd: function (mediaDialog) {
          var props = mediaDialog.getMediaProperties();
          mediaDialog.setTaskState("ACCEPT");
          mediaDialog.transfer("sales");
        } });
      }`;
    expect(uses(code)).toEqual([
      'finesse.restservices.User',
      'finesse.restservices.User#getMediaList',
      'finesse.restservices.MediaList#getMedia',
      'finesse.restservices.Media#getMediaDialogs',
      'finesse.restservices.MediaDialog#getMediaProperties',
      'finesse.restservices.MediaDialog#setTaskState',
      'finesse.restservices.MediaDialog#transfer',
    ]);
    // getMediaProperties is mapped on a Dialog but not on a MediaDialog: the adapter has no digital tasks.
    const out = run(code);
    expect(out.sites.find((s) => s.api === 'finesse.restservices.MediaDialog#getMediaProperties')).toMatchObject({ rule: 'DLG-33', outcome: 'todo' });
    expect(out.sites.every((s) => s.outcome !== 'unmapped')).toBe(true);
  });

  it('a Dialog from getDialogs, its collection items and addHandler callbacks', () => {
    expect(uses(`
      var dialogs = user.getDialogs({ onCollectionAdd: handleNew });
      function handleNew(dialog) { dialog.addHandler("change", function (d) { show(d.getState()); }); }
      var all = dialogs.getCollection();
      for (var id in all) { all[id].getFromAddress(); }
      $.each(dialogs.getCollection(), function (key, d2) { d2.getToAddress(); });
      /** @type {finesse.restservices.User} */ var user;`)).toEqual([
      'finesse.restservices.User#getDialogs',
      'finesse.restservices.Dialog#addHandler',
      'finesse.restservices.Dialog#getState',
      'finesse.restservices.Dialogs#getCollection',
      'finesse.restservices.Dialog#getFromAddress',
      'finesse.restservices.Dialogs#getCollection',
      'finesse.restservices.Dialog#getToAddress',
    ]);
  });

  it("another agent's User from Team#getUsers is marked, not mapped to the adapter's User", () => {
    const code = `
      var team = new finesse.restservices.Team({ id: teamId, onLoad: function (t) {
        var users = t.getUsers({ onLoad: function (list) {
          var all = list.getCollection();
          for (var k in all) { all[k].setState("NOT_READY"); }
        } });
      } });`;
    expect(uses(code)).toContain('finesse.restservices.User#setState (team member)');
    const out = run(code);
    expect(out.marks.map((m) => m.id)).toContain('TEAM-USER');
    expect(out.sites.find((s) => s.api === 'finesse.restservices.User#setState')).toMatchObject({ outcome: 'todo' });
  });

  it('phone books, their contacts, workflow events handed to ContainerServices handlers', () => {
    expect(uses(`
      user.getPhoneBooks({ onCollectionAdd: function (book) { render(book.getName(), book.getEmbeddedContacts()); } });
      var cs = finesse.containerservices.ContainerServices.init();
      cs.addHandler(cs.Topics.WORKFLOW_ACTION_EVENT, function (event) { if (event.getType() === "BROWSER_POP") open(event.getParams()); });
      /** @type {finesse.restservices.User} */ var user;`)).toEqual([
      'finesse.restservices.User#getPhoneBooks',
      'finesse.restservices.PhoneBook#getName',
      'finesse.restservices.PhoneBook#getEmbeddedContacts',
      'finesse.containerservices.ContainerServices#init',
      'finesse.containerservices.ContainerServices#addHandler',
      'finesse.containerservices.ContainerServices.Topics.WORKFLOW_ACTION_EVENT',
      'finesse.containerservices.WorkflowActionEvent#getType',
      'finesse.containerservices.WorkflowActionEvent#getParams',
    ]);
  });

  it('aliases, destructuring, window., literal bracket keys', () => {
    const code = `
      var cs = finesse.clientservices.ClientServices;
      cs.init(finesse.gadget.Config);
      var { User } = finesse.restservices;
      var me = new User({ id: id });
      window.gadgets["window"].adjustHeight();
      var util = finesse.utilities.Utilities;
      util.json2xml(body);`;
    expect(uses(code)).toEqual([
      'finesse.clientservices.ClientServices',
      'finesse.clientservices.ClientServices#init',
      // Destructuring reads the namespace itself: no rule covers that, so it is marked NO-RULE.
      'finesse.restservices',
      'finesse.restservices.User',
      'gadgets.window.adjustHeight',
      'finesse.utilities.Utilities',
      'finesse.utilities.Utilities#json2xml',
    ]);
    const out = run(code);
    // The constructor reached through the destructured alias is rewritten like the chain.
    expect(out.code).toContain('var me = new fmContext.finesse.User({ id: id });');
    expect(out.code).toContain('/* finesse-migrate [INIT-02] removed cs.init()');
  });

  it('helpers of a mapped object that the runtime lacks are marked, not left to throw', () => {
    const out = run(`
      var msg = finesse.utilities.MessageDisplay;
      msg.showBannerError("Cannot reach the CRM");
      var code = finesse.utilities.Utilities.getErrCode(rsp);`);
    expect(out.sites.map((s) => [s.api, s.outcome])).toEqual([
      ['finesse.utilities.MessageDisplay', 'todo'],
      ['finesse.utilities.MessageDisplay#showBannerError', 'todo'],
      ['finesse.utilities.Utilities#getErrCode', 'mapped'],
    ]);
    // getErrCode is implemented by the runtime's utilities; the receiver chain becomes them.
    expect(out.code).toContain('fmContext.utilities.getErrCode(rsp)');
    expect(out.marks.map((m) => m.id)).toEqual(expect.arrayContaining(['UTL-22', 'UTL-13', 'UTL-10']));
  });

  it('Finesse calls inside markup the gadget builds as a string are marked', () => {
    const out = run(`html += "<button onClick=\\"finesse.modules.SampleGadget.updateCallVariable('" + name + "')\\">Update</button>";`);
    expect(out.sites).toMatchObject([{ api: 'finesse.modules.SampleGadget.updateCallVariable', outcome: 'todo' }]);
    expect(out.code).toMatch(/^\/\* TODO\(finesse-migrate\) \[HTML-HANDLER\]/);
  });
});

describe('requests that cannot work from the Desktop', () => {
  it('a Finesse REST URL is a TODO, through makeRequest (GAD-11) or any other request (FINESSE-REST)', () => {
    const out = run(`$.ajax({ url: "/finesse/api/User/" + id + "/Dialogs", type: "GET" });
var p = {};
gadgets.io.makeRequest("/finesse/api/Dialog/" + d, cb, p);
gadgets.io.makeRequest("https://crm.acme-contact.example/api/x", cb, p);`);
    expect(out.marks.map((m) => [m.id, m.kind])).toEqual([['FINESSE-REST', 'todo'], ['GAD-11', 'todo'], ['GAD-11', 'review']]);
    expect(out.sites.map((s) => s.outcome)).toEqual(['todo', 'mapped']);
  });
});

describe('requests of the gadget\'s own that the Desktop cannot make', () => {
  it('a private address or plain http: is marked; a public https URL is not', () => {
    const out = run(`fetch("http://10.1.2.3:8080/crm/lookup?ani=" + ani);
$.ajax({ url: "http://crm.acme-contact.example/api", type: "GET" });
var xhr = new XMLHttpRequest();
xhr.open("GET", "https://192.168.10.4/agents");
$.get("https://crm.acme-contact.example/api/customers", show);`);
    expect(out.marks.map((m) => [m.id, m.at.line])).toEqual([['REQUEST-UNREACHABLE', 1], ['REQUEST-UNREACHABLE', 2], ['REQUEST-UNREACHABLE', 4]]);
  });
});

describe('says what it cannot type, and types nothing by a name alone', () => {
  it('a computed member or a name holding two classes is marked UNTYPED', () => {
    const code = `
      var user = new finesse.restservices.User({ id: id });
      user[getterName]();
      var x = user;
      x = finesse.containerservices.ContainerServices.init();
      x.getId();`;
    expect(uses(code)).toEqual(expect.arrayContaining(['finesse.restservices.User[…] (untyped)', expect.stringMatching(/#getId \(untyped\)$/)]));
    expect(run(code).marks.filter((m) => m.id === 'UNTYPED')).toHaveLength(2);
  });

  it("a handler parameter named like another function's Finesse object is not one", () => {
    expect(uses(`
      user.getMediaPropertiesLayouts({ onLoad: function (e) { e.getData(); } });
      $("#tabs").on("click", "a", function (e) { e.preventDefault(); });
      /** @type {finesse.restservices.User} */ var user;`)).toEqual([
      'finesse.restservices.User#getMediaPropertiesLayouts',
      'finesse.restservices.UserMediaPropertiesLayouts#getData',
    ]);
  });

  it('a constant read into a variable is a string, not an API', () => {
    expect(uses(`
      var action = finesse.restservices.DialogLogoutActions.CLOSE;
      send(action.toUpperCase());`)).toEqual(['finesse.restservices.DialogLogoutActions.CLOSE']);
  });
});
