/*
 * Customer Lookup: the gadget's scripts, converted by finesse-migrate from samples/customer-lookup/CustomerLookup.xml.
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

module.exports = function runGadget(fmContext) {
  var root = fmContext.root, host = fmContext.host, dom = fmContext.dom, onLoad = fmContext.onLoad, on = fmContext.on;
  var setTimeout = fmContext.timers.setTimeout, setInterval = fmContext.timers.setInterval;
  var clearTimeout = fmContext.timers.clearTimeout, clearInterval = fmContext.timers.clearInterval;

  // ---- samples/customer-lookup/CustomerLookup.js (loaded at samples/customer-lookup/CustomerLookup.xml:34:13) ----
  try {
/* Customer Lookup: searches the CRM for the caller, on demand or when a call arrives. */
var finesse = finesse || {};
finesse.gadget = finesse.gadget || {};
/* TODO(finesse-migrate) [NO-RULE] finesse.gadget.Config: the Finesse library and Shindig container are not loaded in the Desktop, and no rule maps this yet */
finesse.gadget.Config = (function () {
    var _prefs = fmContext.prefs;
    return {
        authorization: _prefs.getString("authorization"),
        host: _prefs.getString("host"),
        restHost: "localhost"
    };
}());

finesse.modules = finesse.modules || {};
finesse.modules.CustomerLookup = (function ($) {
    var prefs = fmContext.prefs, user, clientLogs;

    function search(id) {
        var url = prefs.getString("crmBaseUrl") + "/customers?id=" + encodeURIComponent(id) +
            "&limit=" + prefs.getInt("maxResults");
        /* TODO(finesse-migrate) [NO-RULE] gadgets.io.makeRequest: the Finesse library and Shindig container are not loaded in the Desktop, and no rule maps this yet */
        gadgets.io.makeRequest(url, function (response) {
            var $body = $("#results tbody", root).empty();
            $.each(response.data || [], function (i, c) {
                $body.append($("<tr>").append($("<td>").text(c.name), $("<td>").text(c.phone)));
            });
            /* TODO(finesse-migrate) [NO-RULE] gadgets.window.adjustHeight: the Finesse library and Shindig container are not loaded in the Desktop, and no rule maps this yet */
            gadgets.window.adjustHeight();
        }, {
            METHOD: "GET",
            CONTENT_TYPE: "JSON"
        });
    }

    function handleNewDialog(dialog) {
        if (prefs.getBool("autoSearch")) {
            search(dialog.getMediaProperties().callVariable1);
        }
    }

    return {
        init: function () {
            /* TODO(finesse-migrate) [NO-RULE] finesse.gadget.Config: the Finesse library and Shindig container are not loaded in the Desktop, and no rule maps this yet */
            var cfg = finesse.gadget.Config;
            /* TODO(finesse-migrate) [NO-RULE] finesse.cslogger.ClientLogger: the Finesse library and Shindig container are not loaded in the Desktop, and no rule maps this yet */
            clientLogs = finesse.cslogger.ClientLogger;
            /* TODO(finesse-migrate) [NO-RULE] finesse.clientservices.ClientServices.init: the Finesse library and Shindig container are not loaded in the Desktop, and no rule maps this yet */
            finesse.clientservices.ClientServices.init(cfg, false);
            /* TODO(finesse-migrate) [NO-RULE] gadgets.Hub: the Finesse library and Shindig container are not loaded in the Desktop, and no rule maps this yet */
            clientLogs.init(gadgets.Hub, "CustomerLookup");
            /* TODO(finesse-migrate) [NO-RULE] finesse.restservices.User: the Finesse library and Shindig container are not loaded in the Desktop, and no rule maps this yet */
            user = new finesse.restservices.User({
                id: cfg.id,
                onLoad: function () {
                    user.getDialogs({ onCollectionAdd: handleNewDialog });
                }
            });
            $("#lookupForm", root).submit(function (e) {
                e.preventDefault();
                search($("#customerId", root).val());
            });
            /* TODO(finesse-migrate) [NO-RULE] gadgets.window.setTitle: the Finesse library and Shindig container are not loaded in the Desktop, and no rule maps this yet */
            gadgets.window.setTitle(prefs.getMsg("gadget_title"));
        }
    };
}(jQuery));
  } catch (error) {
    fmContext.scriptFailed("samples/customer-lookup/CustomerLookup.xml:34:13", error);
  }

  // ---- inline script at samples/customer-lookup/CustomerLookup.xml:43:13 ----
  try {
                onLoad(function () {
                    finesse.modules.CustomerLookup.init();
                });
  } catch (error) {
    fmContext.scriptFailed("samples/customer-lookup/CustomerLookup.xml:43:13", error);
  }
};
//# sourceMappingURL=gadget.cjs.map
