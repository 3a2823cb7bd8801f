// The owner dashboard: shows <time data-local-time> instants in the viewer's own time zone (live progress is
// sync-progress.js), and enables "Sync now" when the waiting time between syncs ends ([data-available-at], ISO 8601
// UTC, rendered only when nothing else keeps the button disabled). Without JavaScript the page shows what was rendered.
(function () {
    "use strict";
    document.querySelectorAll("time[data-local-time]").forEach(function (el) {
        var when = new Date(el.getAttribute("datetime"));
        if (isNaN(when.getTime())) return;
        el.textContent = when.toLocaleString(undefined, {
            weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short"
        });
        // A line that names the viewer's own time is shown only now that it holds it.
        var line = el.closest("[data-local-time-line]");
        if (line) line.hidden = false;
    });

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
