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

module.exports = function runGadget(fmContext) {
  var root = fmContext.root, host = fmContext.host, dom = fmContext.dom, onLoad = fmContext.onLoad, on = fmContext.on, prefs = fmContext.prefs;
  var setTimeout = fmContext.timers.setTimeout, setInterval = fmContext.timers.setInterval;
  var clearTimeout = fmContext.timers.clearTimeout, clearInterval = fmContext.timers.clearInterval;

  // ---- inline script at samples/wrapup-notes/WrapUpNotes.xml:29:13 ----
  try {
            var finesse = finesse || {};
            finesse.gadget = finesse.gadget || {};
            /* TODO(finesse-migrate) [NO-RULE] finesse.gadget.Config: the Finesse library and Shindig container are not loaded in the Desktop, and no rule maps this yet */
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
                    /* TODO(finesse-migrate) [NO-RULE] gadgets.window.adjustHeight: the Finesse library and Shindig container are not loaded in the Desktop, and no rule maps this yet */
                    gadgets.window.adjustHeight();
                }

                function handleEndDialog(dialog) {
                    currentDialog = null;
                    $("#callerLine", root).text("No active call");
                }

                function handleUserLoad(userevent) {
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
                        currentDialog.updateCallVariableData({ callVariable5: text }, {
                            success: function () { $("#status", root).addClass("saved").text("Saved"); },
                            error: function (rsp) { clientLogs.log("save failed: " + rsp.status); }
                        });
                    },

                    init: function () {
                        /* TODO(finesse-migrate) [NO-RULE] finesse.gadget.Config: the Finesse library and Shindig container are not loaded in the Desktop, and no rule maps this yet */
                        var cfg = finesse.gadget.Config;
                        /* TODO(finesse-migrate) [NO-RULE] finesse.cslogger.ClientLogger: the Finesse library and Shindig container are not loaded in the Desktop, and no rule maps this yet */
                        clientLogs = finesse.cslogger.ClientLogger;
                        /* TODO(finesse-migrate) [NO-RULE] finesse.clientservices.ClientServices.init: the Finesse library and Shindig container are not loaded in the Desktop, and no rule maps this yet */
                        finesse.clientservices.ClientServices.init(cfg, false);
                        /* TODO(finesse-migrate) [NO-RULE] gadgets.Hub: the Finesse library and Shindig container are not loaded in the Desktop, and no rule maps this yet */
                        clientLogs.init(gadgets.Hub, "WrapUpNotes");
                        /* TODO(finesse-migrate) [NO-RULE] finesse.restservices.User: the Finesse library and Shindig container are not loaded in the Desktop, and no rule maps this yet */
                        user = new finesse.restservices.User({
                            id: cfg.id,
                            onLoad: handleUserLoad
                        });
                        /* TODO(finesse-migrate) [NO-RULE] gadgets.window.setTitle: the Finesse library and Shindig container are not loaded in the Desktop, and no rule maps this yet */
                        gadgets.window.setTitle("Wrap-Up Notes");
                    }
                };
            }(jQuery));

            onLoad(function () {
                finesse.modules.WrapUpNotes.init();
            });
  } catch (error) {
    fmContext.scriptFailed("samples/wrapup-notes/WrapUpNotes.xml:29:13", error);
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
};
//# sourceMappingURL=gadget.cjs.map
