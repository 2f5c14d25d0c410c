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

/** @namespace */
finesse.modules = finesse.modules || {};
finesse.modules.CrmEmbed = (function ($) {
    var clientLogs;

    /* Frames the CRM page; the height matches the tab so the CRM never scrolls twice. */
    function showCrm(url) {
        $("#crmFrameHolder").html('<iframe id="crmFrame" src="' + url + '" width="100%" height="640" frameborder="0"></iframe>');
        gadgets.window.adjustHeight();
    }

    return {
        init: function (url) {
            clientLogs = finesse.cslogger.ClientLogger;
            finesse.clientservices.ClientServices.init(finesse.gadget.Config);
            clientLogs.init(gadgets.Hub, "CrmEmbed");
            clientLogs.log("CrmEmbed init: " + url);
            showCrm(url);
            finesse.containerservices.ContainerServices.init();
        }
    };
}(jQuery));
