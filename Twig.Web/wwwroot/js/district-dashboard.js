// The owner dashboard: shows <time data-local-time> instants in the viewer's own time zone (live progress is
// sync-progress.js, "Sync now" sync-now.js). Without JavaScript the page shows what was rendered.
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
})();
