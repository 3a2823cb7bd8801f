// Live progress of a sync run, on the dashboard and on the run's page alike (the only poller): reads the page's
// small JSON endpoint ({statusText, stepText, phaseText, countText, barValue, barMax, finished, message}) and copies
// its words into the [data-sync-progress] box. The server makes every word, so the first render and each update match.
// When the run ends the page reloads to show its outcome. Without JavaScript the box shows the state as rendered.
(function () {
    "use strict";
    var box = document.querySelector("[data-sync-progress]");
    if (!box) return;
    var url = box.getAttribute("data-progress-url");
    var failures = 0;

    function set(name, text) {
        var el = box.querySelector("[data-field='" + name + "']");
        // Only real changes are written, so the live region speaks once per step.
        if (el && el.textContent !== text) el.textContent = text;
    }

    function show(p) {
        set("statusText", p.statusText);
        set("stepText", p.stepText);
        set("phaseText", p.phaseText);
        set("countText", p.countText);
        // As the server renders it: a finished run shows its outcome only, and the colon follows a step only.
        var detail = box.querySelector("[data-part='detail']");
        if (detail) detail.hidden = !!p.finished;
        var colon = box.querySelector("[data-part='step-colon']");
        if (colon) colon.hidden = !p.stepText;
        var bar = box.querySelector("[data-field='bar']");
        bar.max = p.barMax;
        bar.value = p.barValue;
        if (p.finished) {
            box.setAttribute("data-finished", "true");
            set("message", (p.message || p.statusText) + " Updating the page…");
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
                else set("message", "Live progress stopped; refresh the page to see the latest state.");
            });
    }

    setTimeout(poll, 500);
})();
