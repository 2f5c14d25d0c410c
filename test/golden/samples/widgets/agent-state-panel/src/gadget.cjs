/*
 * Agent State Panel: the gadget's scripts, converted by finesse-migrate from samples/agent-state-panel/AgentStatePanel.xml.
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

  // ---- samples/agent-state-panel/js/AgentStatePanel.js (loaded at samples/agent-state-panel/AgentStatePanel.xml:20:13) ----
  try {
/* Agent State Panel: state display and Not Ready reasons for the signed-in agent. */
var finesse = finesse || {};
finesse.gadget = finesse.gadget || {};
finesse.container = finesse.container || {};
finesse.gadget.Config = (function () {
    var _prefs = prefs;
    return {
        authorization: _prefs.getString("authorization"),
        host: _prefs.getString("host"),
        restHost: "localhost"
    };
}());

finesse.modules = finesse.modules || {};
finesse.modules.AgentStatePanel = (function ($) {
    var user, states, clientLogs, reasons = [];

    function render() {
        /* REVIEW(finesse-migrate) [USR-03] Available reads as READY and Idle as NOT_READY; other Desktop sub-states (RONA, idle code names) come through as written */
        var state = user.getState();
        /* REVIEW(finesse-migrate) [USR-07] the Desktop has only the full agentName; the first word stands in for the first name */
        /* REVIEW(finesse-migrate) [USR-08] the Desktop has only the full agentName; everything after the first word stands in for the last name */
        $("#agentName", root).text(user.getFirstName() + " " + user.getLastName());
        /* REVIEW(finesse-migrate) [USR-06] the dial number the agent signed in with, which may be a PSTN number rather than an extension */
        $("#agentExt", root).text(user.getExtension());
        $("#agentState", root)
            .text(state)
            .toggleClass("ready", state === states.READY)
            .toggleClass("not-ready", state === states.NOT_READY);
        /* finesse-migrate [CTR-07] removed gadgets.window.adjustHeight(): the layout sizes the widget (style in its layout entry) */
    }

    // Fill the reason drop-down from the agent's Not Ready reason codes.
    function loadReasons() {
        /* REVIEW(finesse-migrate) [USR-05] the agent profile's idle codes as { id, label }, system codes left out; Finesse reason code categories and the forAll flag do not exist */
        user.getNotReadyReasonCodes({
            success: function (codes) {
                reasons = codes;
                var $list = $("#reasonList", root).empty();
                $.each(codes, function (i, code) {
                    $list.append($("<option>").val(code.id).text(code.label));
                });
            },
            error: function (rsp) {
                clientLogs.log("reason codes failed: " + rsp.status);
            }
        });
    }

    function handleUserLoad() {
        render();
        loadReasons();
    }

    function handleUserChange() {
        render();
    }

    return {
        init: function () {
            var cfg = finesse.gadget.Config;
            states = fmContext.finesse.UserStates;
            clientLogs = fmContext.clientLogger;
            /* finesse-migrate [INIT-02] removed finesse.clientservices.ClientServices.init(): the element already awaits Desktop.config.init({ widgetName, widgetProvider }) before the start-up handlers run */
            clientLogs.init(fmContext.hub, "AgentStatePanel");
            /* REVIEW(finesse-migrate) [USR-01] onLoad runs once the Desktop has the agent's data (after Desktop.config.init), onChange on every agentStateInfo update; Finesse login ids and Desktop agent ids (UUIDs) differ */
            user = new fmContext.finesse.User({
                id: cfg.id,
                onLoad: handleUserLoad,
                onChange: handleUserChange
            });
            $("#readyBtn", root).click(function () {
                /* REVIEW(finesse-migrate) [USR-04] READY becomes Available and NOT_READY Idle with the reason's id as the idle code id: ids from getNotReadyReasonCodes() are Desktop idle codes, but Finesse reason code ids written in the code are not */
                user.setState(states.READY);
            });
            $("#notReadyBtn", root).click(function () {
                var id = $("#reasonList", root).val();
                var reason = reasons.filter(function (r) { return String(r.id) === id; })[0];
                /* REVIEW(finesse-migrate) [USR-04] READY becomes Available and NOT_READY Idle with the reason's id as the idle code id: ids from getNotReadyReasonCodes() are Desktop idle codes, but Finesse reason code ids written in the code are not */
                user.setState(states.NOT_READY, reason);
            });
        }
    };
}(jQuery));
  } catch (error) {
    fmContext.scriptFailed("samples/agent-state-panel/AgentStatePanel.xml:20:13", error);
  }

  // ---- inline script at samples/agent-state-panel/AgentStatePanel.xml:32:13 ----
  try {
                onLoad(function () {
                    finesse.modules.AgentStatePanel.init();
                });
  } catch (error) {
    fmContext.scriptFailed("samples/agent-state-panel/AgentStatePanel.xml:32:13", error);
  }
};
//# sourceMappingURL=gadget.cjs.map
