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

/** @param {import("finesse-migrate-widget-runtime").GadgetContext} fmContext */
module.exports = function runGadget(fmContext) {
  var root = fmContext.root, host = fmContext.host, dom = fmContext.dom, onLoad = fmContext.onLoad, on = fmContext.on;
  var setTimeout = fmContext.timers.setTimeout, setInterval = fmContext.timers.setInterval;
  var clearTimeout = fmContext.timers.clearTimeout, clearInterval = fmContext.timers.clearInterval;

  // ---- samples/customer-lookup/CustomerLookup.js (loaded at samples/customer-lookup/CustomerLookup.xml:34:13) ----
  try {
/* Customer Lookup: searches the CRM for the caller, on demand or when a call arrives. */
var finesse = finesse || {};
finesse.gadget = finesse.gadget || {};
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
        /* REVIEW(finesse-migrate) [GAD-11] Shindig proxied the request on the Finesse server; fetch runs in the browser, so the target must allow the Desktop origin (CORS) and answer over https */
        fmContext.io.makeRequest(url, function (response) {
            var $body = $("#results tbody", root).empty();
            $.each(response.data || [], function (i, c) {
                $body.append($("<tr>").append($("<td>").text(c.name), $("<td>").text(c.phone)));
            });
            /* finesse-migrate [CTR-07] removed gadgets.window.adjustHeight(): the layout sizes the widget (style in its layout entry) */
        }, {
            METHOD: "GET",
            CONTENT_TYPE: "JSON"
        });
    }

    function handleNewDialog(dialog) {
        if (prefs.getBool("autoSearch")) {
            /* REVIEW(finesse-migrate) [DLG-07] values of the interaction's CAD variables by name, plus dialedNumber; callVariable1-10 and ECC names only exist if the flow defines CAD variables with those names (or tenant.cadVariables maps them) */
            search(dialog.getMediaProperties().callVariable1);
        }
    }

    return {
        init: function () {
            var cfg = finesse.gadget.Config;
            clientLogs = fmContext.clientLogger;
            /* finesse-migrate [INIT-02] removed finesse.clientservices.ClientServices.init(): the element already awaits Desktop.config.init({ widgetName, widgetProvider }) before the start-up handlers run */
            clientLogs.init(fmContext.hub, "CustomerLookup");
            /* REVIEW(finesse-migrate) [USR-01] onLoad runs once the Desktop has the agent's data (after Desktop.config.init), onChange on every agentStateInfo update; Finesse login ids and Desktop agent ids (UUIDs) differ */
            user = new fmContext.finesse.User({
                id: cfg.id,
                onLoad: function () {
                    /* REVIEW(finesse-migrate) [USR-11] a dialog is added when a contact is offered (eAgentOfferContact) or assigned, changed on hold/unhold/wrap-up, deleted when it ends (eAgentContactEnded); keyed by interactionId */
                    user.getDialogs({ onCollectionAdd: handleNewDialog });
                }
            });
            $("#lookupForm", root).submit(function (e) {
                e.preventDefault();
                search($("#customerId", root).val());
            });
            /* REVIEW(finesse-migrate) [GAD-02] dispatches the wrapper-title event named after the widget; it changes the title only if the layout entry's wrapper.id is the widget name */
            fmContext.setTitle(prefs.getMsg("gadget_title"));
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
