// The owner dashboard: shows <time data-local-time> instants in the viewer's own time zone (live progress is
// sync-progress.js). Without JavaScript the page shows the times as rendered.
(function () {
    "use strict";
    document.querySelectorAll("time[data-local-time]").forEach(function (el) {
        var when = new Date(el.getAttribute("datetime"));
        if (isNaN(when.getTime())) return;
        el.textContent = when.toLocaleString(undefined, {
            weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short"
        });
    });
})();
