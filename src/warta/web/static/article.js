// Article view: an event in the list scrolls to its trigger and highlights the sentence.
(function () {
  "use strict";
  function focusEvent(id) {
    document.querySelectorAll(".focus").forEach(function (el) { el.classList.remove("focus"); });
    document.querySelectorAll(".hl-role.on, .sent.evidence").forEach(function (el) {
      el.classList.remove("on", "evidence");
    });
    var trig = document.getElementById("t-" + id);
    var item = document.getElementById("ev-" + id);
    if (item) item.classList.add("focus");
    // the event's actor and recipient words, and the other sentences it lists as evidence
    document.querySelectorAll(".hl-role").forEach(function (el) {
      if (el.dataset.event === id) el.classList.add("on");
    });
    var link = item ? item.querySelector(".evidence-link") : null;
    (link && link.dataset.evidence ? link.dataset.evidence.split(" ") : []).forEach(function (i) {
      var s = document.getElementById("s-" + i);
      if (s) s.classList.add("evidence");
    });
    if (!trig) return;
    trig.classList.add("focus");
    var sent = trig.closest(".sent");
    if (sent) sent.classList.add("focus");
    trig.scrollIntoView({ block: "center", behavior: "smooth" });
  }
  document.querySelectorAll(".evidence-link").forEach(function (a) {
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      focusEvent(a.dataset.event);
      history.replaceState(null, "", "#t-" + a.dataset.event);
    });
  });
  // clicking a trigger in the text selects its event in the list
  document.querySelectorAll(".hl-trigger[data-event]").forEach(function (t) {
    t.addEventListener("click", function () { focusEvent(t.dataset.event); });
  });
  if (location.hash.indexOf("#t-") === 0) focusEvent(decodeURIComponent(location.hash.slice(3)));
})();
