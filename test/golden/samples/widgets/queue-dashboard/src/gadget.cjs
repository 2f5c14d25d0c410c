/*
 * Queue Dashboard: the gadget's scripts, converted by finesse-migrate from samples/queue-dashboard/QueueDashboard.xml.
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

  // ---- samples/queue-dashboard/QueueDashboard.js (loaded at samples/queue-dashboard/QueueDashboard.xml:17:13) ----
  try {
/* Queue Dashboard: polls the agent's queues and shows how many calls wait. */
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
finesse.modules.QueueDashboard = (function ($) {
    var user, mode;

    function showQueues(queues) {
        /* TODO(finesse-migrate) [TEAM-16] the Desktop lists queues only as transfer targets, through Desktop.agentContact.vteamList({ data }) (vteamList[] of { id, name, channelType }), without statistics; queue statistics need a backend service on the Webex Contact Center Search API */
        var list = queues.getCollection();
        if (mode === "compact") {
            var first = list[Object.keys(list)[0]];
            if (first) {
                /* TODO(finesse-migrate) [TEAM-14] queues a contact can be transferred to come from Desktop.agentContact.vteamList({ data }) (vteamList[].id / .name); the queue of a contact is interaction.callProcessingDetails.QueueId / virtualTeamName; these are Webex Contact Center queues, not UCCE skill groups */
                $("#queueName", root).text(first.getName());
                /* TODO(finesse-migrate) [TEAM-15] the Desktop SDK has no queue statistics (callsInQueue, agentsReady, ...); build a backend service on the Webex Contact Center Search API (GraphQL /search) or Queue Statistics API (cjp:config_read) and poll it, or leave queue figures to Analyzer */
                $("#callsWaiting", root).text(first.getStatistics().callsInQueue);
            }
        } else {
            var $body = $("#queueTable tbody", root).empty();
            $.each(list, function (id, q) {
                /* TODO(finesse-migrate) [TEAM-15] the Desktop SDK has no queue statistics (callsInQueue, agentsReady, ...); build a backend service on the Webex Contact Center Search API (GraphQL /search) or Queue Statistics API (cjp:config_read) and poll it, or leave queue figures to Analyzer */
                var s = q.getStatistics();
                /* TODO(finesse-migrate) [TEAM-14] queues a contact can be transferred to come from Desktop.agentContact.vteamList({ data }) (vteamList[].id / .name); the queue of a contact is interaction.callProcessingDetails.QueueId / virtualTeamName; these are Webex Contact Center queues, not UCCE skill groups */
                $body.append("<tr><td>" + q.getName() + "</td><td>" + s.callsInQueue + "</td><td>" + s.longestCallInQueue + "</td></tr>");
            });
        }
        /* finesse-migrate [CTR-07] removed gadgets.window.adjustHeight(): the layout sizes the widget (style in its layout entry) */
    }

    return {
        init: function (viewMode) {
            mode = viewMode;
            /* finesse-migrate [INIT-02] removed finesse.clientservices.ClientServices.init(): the element already awaits Desktop.config.init({ widgetName, widgetProvider }) before the start-up handlers run */
            /* REVIEW(finesse-migrate) [USR-01] onLoad runs once the Desktop has the agent's data (after Desktop.config.init), onChange on every agentStateInfo update; Finesse login ids and Desktop agent ids (UUIDs) differ */
            user = new fmContext.finesse.User({
                id: finesse.gadget.Config.id,
                onLoad: function () {
                    /* TODO(finesse-migrate) [USR-21] queue statistics are not available to widgets through the Desktop SDK; use Webex Contact Center reporting (Analyzer) or its APIs */
                    user.getQueues({ onLoad: showQueues, onChange: showQueues });
                }
            });
        }
    };
}(jQuery));
  } catch (error) {
    fmContext.scriptFailed("samples/queue-dashboard/QueueDashboard.xml:17:13", error);
  }

  // ---- inline script at samples/queue-dashboard/QueueDashboard.xml:25:13 ----
  try {
                onLoad(function () { finesse.modules.QueueDashboard.init("compact"); });
  } catch (error) {
    fmContext.scriptFailed("samples/queue-dashboard/QueueDashboard.xml:25:13", error);
  }
};
//# sourceMappingURL=gadget.cjs.map
