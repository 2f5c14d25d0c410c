/* Agent State Panel: state display and Not Ready reasons for the signed-in agent. */
var finesse = finesse || {};
finesse.gadget = finesse.gadget || {};
finesse.container = finesse.container || {};
finesse.gadget.Config = (function () {
    var _prefs = new gadgets.Prefs();
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
        var state = user.getState();
        $("#agentName").text(user.getFirstName() + " " + user.getLastName());
        $("#agentExt").text(user.getExtension());
        $("#agentState")
            .text(state)
            .toggleClass("ready", state === states.READY)
            .toggleClass("not-ready", state === states.NOT_READY);
        gadgets.window.adjustHeight();
    }

    // Fill the reason drop-down from the agent's Not Ready reason codes.
    function loadReasons() {
        user.getNotReadyReasonCodes({
            success: function (codes) {
                reasons = codes;
                var $list = $("#reasonList").empty();
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
            states = finesse.restservices.User.States;
            clientLogs = finesse.cslogger.ClientLogger;
            finesse.clientservices.ClientServices.init(cfg, false);
            clientLogs.init(gadgets.Hub, "AgentStatePanel");
            user = new finesse.restservices.User({
                id: cfg.id,
                onLoad: handleUserLoad,
                onChange: handleUserChange
            });
            $("#readyBtn").click(function () {
                user.setState(states.READY);
            });
            $("#notReadyBtn").click(function () {
                var id = $("#reasonList").val();
                var reason = reasons.filter(function (r) { return String(r.id) === id; })[0];
                user.setState(states.NOT_READY, reason);
            });
        }
    };
}(jQuery));
