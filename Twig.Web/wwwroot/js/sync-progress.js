// Live progress of a sync run: polls the page's small JSON endpoint and updates the phase, count and bar.
// Without JavaScript the page still shows the state and a refresh link. When the run ends, the page reloads
// to show its outcome, counts and warnings.
(function () {
    'use strict';
    var section = document.getElementById('live-progress');
    if (!section) return;
    var url = section.getAttribute('data-progress-url');
    var phase = section.querySelector('[data-progress="phase"]');
    var count = section.querySelector('[data-progress="count"]');
    var bar = section.querySelector('[data-progress="bar"]');

    function poll() {
        fetch(url, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
            .then(function (response) { return response.ok ? response.json() : null; })
            .then(function (progress) {
                if (!progress) { setTimeout(poll, 5000); return; }
                if (progress.finished) { window.location.reload(); return; }
                phase.textContent = progress.phaseText;
                count.textContent = progress.done.toLocaleString('en-US') + (progress.total > 0 ? ' of ' + progress.total.toLocaleString('en-US') : '');
                bar.max = Math.max(1, progress.total);
                bar.value = progress.done;
                setTimeout(poll, 1000);
            })
            .catch(function () { setTimeout(poll, 5000); });
    }
    setTimeout(poll, 1000);
})();
