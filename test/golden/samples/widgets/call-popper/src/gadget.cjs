/*
 * Call Popper: the gadget's scripts, converted by finesse-migrate from samples/call-popper/CallPopper.xml.
 *
 * index.ts runs this once per element instance. Inside, `root` is the element's shadow root and
 * `host` the element; `dom` answers getElementsBy* from the root; `onLoad` registers what the gadget
 * ran at start-up (called after Desktop.config.init); `on` binds listeners the element removes again;
 * `prefs` is the gadgets.Prefs API over the element's attributes. Timers are the element's own,
 * cleared when it is removed.
 *
 * The gadget declares its own `prefs`, so the converted code reaches
 * the element's through `fmContext`.
 *
 * This file stays sloppy-mode JavaScript, like the original scripts, and each script runs in its own
 * try block: as in a browser, one failing script does not stop the others.
 */
var $ = require("jquery");
var jQuery = $;

/** @param {import("finesse-migrate-widget-runtime").GadgetContext} fmContext */
module.exports = function runGadget(fmContext) {
  var root = fmContext.root, host = fmContext.host, dom = fmContext.dom, onLoad = fmContext.onLoad, on = fmContext.on;
  var setTimeout = fmContext.timers.setTimeout, setInterval = fmContext.timers.setInterval;
  var clearTimeout = fmContext.timers.clearTimeout, clearInterval = fmContext.timers.clearInterval;
  // Globals the gadget's code created (assigned undeclared, or set on window): this instance's own.
  var clientLogs;
  // `window` is the instance's sandbox: its timers and listeners end with the element, and what the code sets stays here.
  var window = fmContext.sandboxWindow(), self = window;
  /* REVIEW(finesse-migrate) [FINESSE-CONFIG] finesse.gadget.Config came from the Finesse library, which the Desktop does not load: its fields read the element's attributes (UserPrefs), empty unless the layout sets them; host, restHost and authorization have no Finesse server behind them */
  var finesse = { gadget: { Config: fmContext.gadgetConfig } };

  // ---- samples/call-popper/CallPopper.js (loaded at samples/call-popper/CallPopper.xml:19:13) ----
  try {
/*
 * Call Popper: pops the CRM record of every new caller. There is no markup; the gadget only listens.
 * Written for Finesse 11.x: finesse.gadget.Config comes from the Finesse library, not from here.
 */
var finesse = finesse || {};
finesse.gadget = finesse.gadget || {};

finesse.modules = finesse.modules || {};
finesse.modules.CallPopper = (function ($) {
    var user, prefs = fmContext.prefs;
    // Calls already popped, so a dialog that changes state does not pop twice.
    var popped = {};

    function handleNewDialog(dialog) {
        /* REVIEW(finesse-migrate) [DLG-05] the Desktop interaction id, a UUID where Finesse used a number; do not parse or compare it as one */
        var id = dialog.getId();
        if (popped[id]) {
            return;
        }
        popped[id] = true;
        var caller = dialog.getFromAddress();
        clientLogs.log("popping the CRM record of " + caller);
        // The CRM's record links take the phone number base64-encoded.
        /* REVIEW(finesse-migrate) [UTL-08] the same as Finesse for ASCII; other characters are encoded as UTF-8 (Finesse kept one byte per character); Basic credentials built with it have no Finesse server to go to */
        window.open(prefs.getString("crmRecordUrl") + encodeURIComponent(fmContext.utilities.b64Encode(caller)), "crm-" + id);
    }

    function handleUserLoad() {
        /* REVIEW(finesse-migrate) [USR-11] a dialog is added when a contact is offered (eAgentOfferContact) or assigned, changed on hold/unhold/wrap-up, deleted when it ends (eAgentContactEnded); keyed by interactionId */
        user.getDialogs({
            onCollectionAdd: handleNewDialog
        });
    }

    return {
        init: function () {
            // An implicit global, as many gadgets have: the converted code must stay sloppy-mode.
            clientLogs = fmContext.clientLogger;
            /* finesse-migrate [INIT-02] removed finesse.clientservices.ClientServices.init(): the element already awaits Desktop.config.init({ widgetName, widgetProvider }) before the start-up handlers run */
            clientLogs.init(fmContext.hub, "CallPopper");
            /* REVIEW(finesse-migrate) [USR-01] onLoad runs once the Desktop has the agent's data (after Desktop.config.init), onChange on every agentStateInfo update; Finesse login ids and Desktop agent ids (UUIDs) differ */
            user = new fmContext.finesse.User({
                id: finesse.gadget.Config.id,
                onLoad: handleUserLoad
            });
        }
    };
}(jQuery));
  } catch (error) {
    fmContext.scriptFailed("samples/call-popper/CallPopper.xml:19:13", error);
  }

  // ---- inline script at samples/call-popper/CallPopper.xml:21:13 ----
  try {
                onLoad(function () {
                    finesse.modules.CallPopper.init();
                });
  } catch (error) {
    fmContext.scriptFailed("samples/call-popper/CallPopper.xml:21:13", error);
  }
};
//# sourceMappingURL=gadget.cjs.map
