// "Sync now" on the dashboard and the sync history: enabled when the waiting time between syncs ends ([data-available-at],
// ISO 8601 UTC, rendered only when nothing else keeps the button disabled). Without JavaScript the page shows what was rendered.
(function () {
    "use strict";
    document.querySelectorAll("[data-available-at]").forEach(function (reason) {
        var at = new Date(reason.getAttribute("data-available-at"));
        var button = reason.closest("form") && reason.closest("form").querySelector("button[type='submit']");
        if (isNaN(at.getTime()) || !button) return;
        // The server refuses a press that comes early, so a clock a little fast costs a notice, never a second run.
        setTimeout(function () {
            button.disabled = false;
            reason.hidden = true;
        }, Math.max(0, at.getTime() - Date.now()));
    });
})();
