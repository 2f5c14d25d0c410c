/* Customer Lookup: searches the CRM for the caller, on demand or when a call arrives. */
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
finesse.modules.CustomerLookup = (function ($) {
    var prefs = new gadgets.Prefs(), user, clientLogs;

    function search(id) {
        var url = prefs.getString("crmBaseUrl") + "/customers?id=" + encodeURIComponent(id) +
            "&limit=" + prefs.getInt("maxResults");
        gadgets.io.makeRequest(url, function (response) {
            var $body = $("#results tbody").empty();
            $.each(response.data || [], function (i, c) {
                $body.append($("<tr>").append($("<td>").text(c.name), $("<td>").text(c.phone)));
            });
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
            var cfg = finesse.gadget.Config;
            clientLogs = finesse.cslogger.ClientLogger;
            finesse.clientservices.ClientServices.init(cfg, false);
            clientLogs.init(gadgets.Hub, "CustomerLookup");
            user = new finesse.restservices.User({
                id: cfg.id,
                onLoad: function () {
                    user.getDialogs({ onCollectionAdd: handleNewDialog });
                }
            });
            $("#lookupForm").submit(function (e) {
                e.preventDefault();
                search($("#customerId").val());
            });
            gadgets.window.setTitle(prefs.getMsg("gadget_title"));
        }
    };
}(jQuery));
