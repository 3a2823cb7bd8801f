// /account/time-zone: fills an empty "my time zone" box with the browser's own IANA zone. Without JavaScript the box is typed.
(function () {
    "use strict";
    var box = document.querySelector("input[data-browser-zone]");
    if (!box || box.value) return;
    try { box.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* an old browser: the box stays empty */ }
})();
