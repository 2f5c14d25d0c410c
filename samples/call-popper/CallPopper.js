/*
 * Call Popper: pops the CRM record of every new caller. There is no markup; the gadget only listens.
 * Written for Finesse 11.x: finesse.gadget.Config comes from the Finesse library, not from here.
 */
var finesse = finesse || {};
finesse.gadget = finesse.gadget || {};

finesse.modules = finesse.modules || {};
finesse.modules.CallPopper = (function ($) {
    var user, prefs = new gadgets.Prefs();
    // Calls already popped, so a dialog that changes state does not pop twice.
    var popped = {};

    function handleNewDialog(dialog) {
        var id = dialog.getId();
        if (popped[id]) {
            return;
        }
        popped[id] = true;
        var caller = dialog.getFromAddress();
        clientLogs.log("popping the CRM record of " + caller);
        // The CRM's record links take the phone number base64-encoded.
        window.open(prefs.getString("crmRecordUrl") + encodeURIComponent(finesse.utilities.Utilities.b64Encode(caller)), "crm-" + id);
    }

    function handleUserLoad() {
        user.getDialogs({
            onCollectionAdd: handleNewDialog
        });
    }

    return {
        init: function () {
            // An implicit global, as many gadgets have: the converted code must stay sloppy-mode.
            clientLogs = finesse.cslogger.ClientLogger;
            finesse.clientservices.ClientServices.init(finesse.gadget.Config);
            clientLogs.init(gadgets.Hub, "CallPopper");
            user = new finesse.restservices.User({
                id: finesse.gadget.Config.id,
                onLoad: handleUserLoad
            });
        }
    };
}(jQuery));
