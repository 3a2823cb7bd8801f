// The owner dashboard: live progress of the current sync (any [data-sync-progress] element) and local times.
// data-progress-url for {statusText, phaseText, done, total, finished, message} and updates the text and the
// <progress> bar; when the run finishes, reloads the page so history and chart include it. Also shows
// <time data-local-time> instants in the viewer's own time zone. Without JavaScript the page shows the state as rendered.
(function () {
    "use strict";

    document.querySelectorAll("time[data-local-time]").forEach(function (el) {
        var when = new Date(el.getAttribute("datetime"));
        if (isNaN(when.getTime())) return;
        el.textContent = when.toLocaleString(undefined, {
            weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short"
        });
    });

    var box = document.querySelector("[data-sync-progress]");
    if (!box) return;
    var url = box.getAttribute("data-progress-url");
    var field = function (name) { return box.querySelector("[data-field='" + name + "']"); };
    var number = new Intl.NumberFormat("en-US");
    var failures = 0;

    function show(p) {
        field("statusText").textContent = p.statusText;
        field("phaseText").textContent = p.phaseText;
        field("counts").textContent = p.total > 0 ? number.format(p.done) + " of " + number.format(p.total) : (p.done > 0 ? number.format(p.done) : "");
        var bar = field("bar");
        bar.max = Math.max(p.total, 1);
        bar.value = p.finished ? bar.max : (p.total > 0 ? p.done : 0);
        bar.textContent = p.phaseText;
        if (p.finished) {
            box.setAttribute("data-finished", "true");
            field("message").textContent = (p.message || p.statusText) + " Updating the page…";
            setTimeout(function () { window.location.reload(); }, 800);
        }
    }

    function poll() {
        fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
            .then(function (response) {
                if (!response.ok) throw new Error(String(response.status));
                return response.json();
            })
            .then(function (p) {
                failures = 0;
                show(p);
                if (!p.finished) setTimeout(poll, 1000);
            })
            .catch(function () {
                failures++;
                if (failures < 10) setTimeout(poll, 3000);
                else field("message").textContent = "Live progress stopped; refresh the page to see the latest state.";
            });
    }

    setTimeout(poll, 500);
})();
