/* Queue Dashboard: polls the agent's queues and shows how many calls wait. */
var finesse = finesse || {};
finesse.gadget = finesse.gadget || {};
finesse.gadget.Config = (function () {
    var _prefs = new gadgets.Prefs();
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
        var list = queues.getCollection();
        if (mode === "compact") {
            var first = list[Object.keys(list)[0]];
            if (first) {
                $("#queueName").text(first.getName());
                $("#callsWaiting").text(first.getStatistics().callsInQueue);
            }
        } else {
            var $body = $("#queueTable tbody").empty();
            $.each(list, function (id, q) {
                var s = q.getStatistics();
                $body.append("<tr><td>" + q.getName() + "</td><td>" + s.callsInQueue + "</td><td>" + s.longestCallInQueue + "</td></tr>");
            });
        }
        gadgets.window.adjustHeight();
    }

    return {
        init: function (viewMode) {
            mode = viewMode;
            finesse.clientservices.ClientServices.init(finesse.gadget.Config, false);
            user = new finesse.restservices.User({
                id: finesse.gadget.Config.id,
                onLoad: function () {
                    user.getQueues({ onLoad: showQueues, onChange: showQueues });
                }
            });
        }
    };
}(jQuery));
