/*
 * Wrap-Up Notes: the gadget's scripts, converted by finesse-migrate from samples/wrapup-notes/WrapUpNotes.xml.
 *
 * index.ts runs this once per element instance. Inside, `root` is the element's shadow root and
 * `host` the element; `dom` answers getElementsBy* from the root; `onLoad` registers what the gadget
 * ran at start-up (called after Desktop.config.init); `on` binds listeners the element removes again;
 * `prefs` is the gadgets.Prefs API over the element's attributes. Timers are the element's own,
 * cleared when it is removed.
 *
 * This file stays sloppy-mode JavaScript, like the original scripts, and each script runs in its own
 * try block: as in a browser, one failing script does not stop the others.
 */
var $ = require("jquery");
var jQuery = $;

/** @param {import("finesse-migrate-widget-runtime").GadgetContext} fmContext */
module.exports = function runGadget(fmContext) {
  var root = fmContext.root, host = fmContext.host, dom = fmContext.dom, onLoad = fmContext.onLoad, on = fmContext.on, prefs = fmContext.prefs;
  var setTimeout = fmContext.timers.setTimeout, setInterval = fmContext.timers.setInterval;
  var clearTimeout = fmContext.timers.clearTimeout, clearInterval = fmContext.timers.clearInterval;

  // ---- inline script at samples/wrapup-notes/WrapUpNotes.xml:30:13 ----
  try {
            var finesse = finesse || {};
            finesse.gadget = finesse.gadget || {};
            finesse.gadget.Config = (function () {
                var _prefs = prefs;
                return {
                    authorization: _prefs.getString("authorization"),
                    host: _prefs.getString("host"),
                    restHost: "localhost"
                };
            }());

            finesse.modules = finesse.modules || {};
            finesse.modules.WrapUpNotes = (function ($) {
                var user, dialogs, currentDialog, clientLogs;

                // A new call: remember it and show who is calling.
                function handleNewDialog(dialog) {
                    currentDialog = dialog;
                    $("#callerLine", root).text("Caller: " + dialog.getFromAddress());
                    /* finesse-migrate [CTR-07] removed gadgets.window.adjustHeight(): the layout sizes the widget (style in its layout entry) */
                }

                function handleEndDialog(dialog) {
                    currentDialog = null;
                    $("#callerLine", root).text("No active call");
                }

                function handleUserLoad(userevent) {
                    /* REVIEW(finesse-migrate) [USR-11] a dialog is added when a contact is offered (eAgentOfferContact) or assigned, changed on hold/unhold/wrap-up, deleted when it ends (eAgentContactEnded); keyed by interactionId */
                    dialogs = user.getDialogs({
                        onCollectionAdd: handleNewDialog,
                        onCollectionDelete: handleEndDialog
                    });
                }

                return {
                    save: function () {
                        var text = $("#notes", root).val();
                        if (!currentDialog) {
                            $("#status", root).text("No call to attach notes to");
                            return;
                        }
                        // Notes travel as call variable 5 so the CRM connector picks them up.
                        /* REVIEW(finesse-migrate) [DLG-13] writes call-associated data of the interaction; Finesse callVariableN / ECC names become CAD names through tenant.cadVariables (names without a mapping are written as they are); the flow must define them as agent-editable */
                        currentDialog.updateCallVariables({ callVariable5: text }, {
                            success: function () { $("#status", root).addClass("saved").text("Saved"); },
                            error: function (rsp) { clientLogs.log("save failed: " + rsp.status); }
                        });
                    },

                    hold: function () {
                        if (currentDialog) {
                            /* REVIEW(finesse-migrate) [DLG-15] HOLD/RETRIEVE → Desktop.agentContact.hold/unHold of the main leg, DROP/CLOSE → endV2, ACCEPT → acceptV2 (documented for non-voice tasks only), ANSWER → Desktop.actions.acceptWebRtcCall() (WebRTC softphone only; a desk phone answers on the device); any other action is refused through the error handler, and its call site is a TODO saying what to build instead */
                            /* REVIEW(finesse-migrate) [USR-06] the dial number the agent signed in with, which may be a PSTN number rather than an extension */
                            currentDialog.requestAction(user.getExtension(), fmContext.finesse.Dialog.Actions.HOLD, {
                                error: function (rsp) { clientLogs.log("hold failed: " + rsp.status); }
                            });
                        }
                    },

                    init: function () {
                        var cfg = finesse.gadget.Config;
                        clientLogs = fmContext.clientLogger;
                        /* finesse-migrate [INIT-02] removed finesse.clientservices.ClientServices.init(): the element already awaits Desktop.config.init({ widgetName, widgetProvider }) before the start-up handlers run */
                        clientLogs.init(fmContext.hub, "WrapUpNotes");
                        /* REVIEW(finesse-migrate) [USR-01] onLoad runs once the Desktop has the agent's data (after Desktop.config.init), onChange on every agentStateInfo update; Finesse login ids and Desktop agent ids (UUIDs) differ */
                        user = new fmContext.finesse.User({
                            id: cfg.id,
                            onLoad: handleUserLoad
                        });
                        /* REVIEW(finesse-migrate) [GAD-02] dispatches the wrapper-title event named after the widget; it changes the title only if the layout entry's wrapper.id is the widget name */
                        fmContext.setTitle("Wrap-Up Notes");
                    }
                };
            }(jQuery));

            onLoad(function () {
                finesse.modules.WrapUpNotes.init();
            });
  } catch (error) {
    fmContext.scriptFailed("samples/wrapup-notes/WrapUpNotes.xml:30:13", error);
  }

  // ---- inline event handlers of the markup ----
  // button#saveBtn onclick at samples/wrapup-notes/WrapUpNotes.xml:24:42
  on('[data-fm-on="0"]', "click", function (event) {
    finesse.modules.WrapUpNotes.save()
  });
  // button onclick at samples/wrapup-notes/WrapUpNotes.xml:25:29
  on('[data-fm-on="1"]', "click", function (event) {
    root.getElementById('notes').value = ''
  });
  // button#holdBtn onclick at samples/wrapup-notes/WrapUpNotes.xml:26:42
  on('[data-fm-on="2"]', "click", function (event) {
    finesse.modules.WrapUpNotes.hold()
  });
};
//# sourceMappingURL=gadget.cjs.map
