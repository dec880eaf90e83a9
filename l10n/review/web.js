(() => {
  "use strict";
  const data = JSON.parse(document.getElementById("l10n-data").textContent);
  const panel = document.getElementById("l10n-panel");
  const banner = document.getElementById("l10n-banner");
  const ATTENTION = ["untranslated", "missing", "fuzzy", "draft", "stale", "translated"];
  let generation = data.generation;
  let current = null;   // the entry number open in the panel
  let version = "";     // its text as the reviewer saw it
  let busy = false;

  const segments = () => Array.from(document.querySelectorAll(".l10n-seg"));
  const stateOf = (el) => (el.className.match(/\bs-(\w+)/) || [])[1];
  const post = (body) => fetch(data.base + "action", {
    method: "POST", headers: {"Content-Type": "application/json", "Accept": "application/json"},
    body: JSON.stringify(Object.assign({token: data.token, page: data.page, entry: current, version}, body)),
  }).then((r) => r.json());

  function say(text, tone) {
    const line = panel.querySelector(".message");
    if (!line) return;
    line.textContent = text || "";
    line.className = "message" + (tone ? " " + tone : "");
  }
  function showBanner(text) {
    banner.textContent = text;
    banner.hidden = !text;
  }
  function mark(el) {
    segments().forEach((s) => s.classList.toggle("current", s === el));
    if (el) { el.focus({preventScroll: true}); el.scrollIntoView({block: innerWidth < 768 ? "start" : "center", behavior: "smooth"}); }
  }
  function move(step, wanted) {
    const all = segments();
    if (!all.length) return null;
    const here = all.findIndex((s) => s.classList.contains("current"));
    let at = here < 0 ? (step > 0 ? -1 : all.length) : here;
    for (let i = 0; i < all.length; i++) {
      at = (at + step + all.length) % all.length;
      const state = stateOf(all[at]);
      if (wanted ? state === wanted : ATTENTION.includes(state)) { mark(all[at]); return all[at]; }
    }
    showBanner(wanted ? "No segment is " + wanted + "." : "Every segment is reviewed.");
    return null;
  }
  function update(answer) {
    if (answer.legend) document.getElementById("l10n-legend").innerHTML = answer.legend;
    for (const [number, seg] of Object.entries(answer.segments || {})) {
      document.querySelectorAll('.l10n-seg[data-entry="' + number + '"]').forEach((el, i) => {
        el.className = el.className.replace(/\bs-\w+/, "s-" + seg.state);
        el.classList.toggle("refused", !!seg.refused);
        el.title = seg.title + (seg.badge ? ": " + seg.badge : "");
        if (seg.badge) el.dataset.badge = seg.badge; else delete el.dataset.badge;
        if (seg.html[i] !== undefined) el.innerHTML = seg.html[i];
      });
    }
    if (answer.generation !== undefined) generation = Math.max(generation, answer.generation);
  }
  let opening = 0;  // only the answer to the latest open request is shown
  function open(number) {
    const ticket = ++opening;
    return fetch(data.base + "entry/" + number, {headers: {"Accept": "application/json"}}).then((r) => r.json()).then((answer) => {
      if (ticket !== opening) return;
      // The same entry, unchanged, already open: keep the panel as it is (an edit under way).
      const same = !panel.hidden && current === number && version === answer.version;
      current = number; version = answer.version;
      if (!same) panel.innerHTML = answer.panel;
      panel.hidden = false;
      document.body.classList.add("panel-open");
      if (answer.changed && answer.changed.length) poll();
    });
  }
  function close() {
    panel.hidden = true; current = null;
    document.body.classList.remove("panel-open");
  }
  function openAt(el) {
    mark(el);
    return open(Number(el.dataset.entry));
  }
  function after(answer, next) {
    update(answer);
    if (answer.panel) { panel.innerHTML = answer.panel; version = answer.version; }
    if (answer.changed && answer.changed.length) showBanner(answer.message);
    say(answer.message, answer.ok ? "good" : "bad");
    if (answer.ok && next) {
      const el = move(1);
      if (el) openAt(el).then(() => say("Previous segment: " + answer.message, "good"));
    }
  }
  function act(action, extra) {
    if (busy || current === null) return;
    busy = true;
    panel.querySelectorAll("button").forEach((b) => { b.disabled = true; });
    post(Object.assign({action}, extra || {})).then((answer) => {
      if (answer.confirm) {
        panel.querySelectorAll("button").forEach((b) => { b.disabled = false; });
        panel.querySelector(".edit-findings").innerHTML = answer.findings +
          '<p class="message bad">' + "</p>";
        panel.querySelector(".edit-findings .message").textContent = answer.message;
        const save = panel.querySelector('[data-act="save"]');
        save.dataset.confirm = "1";
        save.className = "danger";
        save.firstChild.textContent = "Save anyway ";
        return;
      }
      after(answer, answer.ok && action !== "edit");
    }).catch(() => say("The server did not answer: is l10n review --web still running?", "bad"))
      .finally(() => { busy = false; panel.querySelectorAll("button").forEach((b) => { b.disabled = false; }); });
  }
  function edit() {
    const editor = panel.querySelector(".editor");
    if (!editor) return;
    editor.hidden = false;
    const row = panel.querySelector(".actions");
    if (row && !editor.contains(row)) row.hidden = true;
    const area = editor.querySelector("textarea");
    area.focus(); area.setSelectionRange(area.value.length, area.value.length);
  }
  function cancel() {
    panel.querySelector(".editor").hidden = true;
    const row = panel.querySelector(".actions");
    if (row) row.hidden = false;
  }
  function save() {
    const button = panel.querySelector('[data-act="save"]');
    act("edit", {text: panel.querySelector(".editor textarea").value, confirm: button.dataset.confirm === "1"});
  }
  function skip() {
    const el = move(1);
    if (el) openAt(el);
  }
  function poll() {
    return fetch(data.base + "poll?generation=" + generation + "&page=" + data.page, {headers: {"Accept": "application/json"}})
      .then((r) => r.json()).then((answer) => {
        if (answer.reload) { showBanner(answer.message); return; }
        update(answer);
        if (answer.message) showBanner(answer.message);
        if (current !== null && answer.segments && answer.segments[current] && answer.changed.includes(current)) {
          open(current).then(() => say("This segment changed on disk; shown as it is now.", "bad"));
        }
      }).catch(() => {});
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (button && panel.contains(button)) {
      const act_ = button.dataset.act;
      if (act_ === "close") close();
      else if (act_ === "edit") edit();
      else if (act_ === "cancel") cancel();
      else if (act_ === "save") save();
      else if (act_ === "skip") skip();
      else if (act_) act(act_);
      else if (button.classList.contains("use")) { edit(); panel.querySelector(".editor textarea").value = button.dataset.text; }
      return;
    }
    if (button && button.dataset.jump) { const el = move(1, button.dataset.jump); if (el) openAt(el); return; }
    const seg = event.target.closest(".l10n-seg");
    // A link inside a segment opens the segment; with Ctrl, Shift or Cmd it opens as usual.
    if (seg && !(event.target.closest("a[href]") && (event.ctrlKey || event.metaKey || event.shiftKey))) {
      event.preventDefault();
      openAt(seg);
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey && event.key === "Enter" && event.target.matches("#l10n-panel textarea")) { event.preventDefault(); save(); return; }
    if (event.key === "Escape") {
      if (event.target.matches("#l10n-panel textarea")) { cancel(); event.target.blur(); return; }
      close(); return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || event.target.matches("textarea, input, select")) return;
    const key = event.key.toLowerCase();
    const step = {n: [1], j: [1], p: [-1], k: [-1], d: [1, "draft"]}[key];
    if (step) {
      event.preventDefault();
      const el = move(...step);
      if (el && current !== null) openAt(el);
    }
    else if ((key === "enter" || key === " ") && event.target.classList.contains("l10n-seg")) { event.preventDefault(); openAt(event.target); }
    else if (current === null) {
      const focused = document.activeElement && document.activeElement.classList.contains("l10n-seg") ? document.activeElement : null;
      if (focused && "aers".includes(key)) { event.preventDefault(); openAt(focused).then(() => handle(key)); }
    } else handle(key, event);
  });
  function handle(key, event) {
    const known = {a: "accept", r: "reject", e: "edit", s: "skip"}[key];
    if (!known) return;
    if (event) event.preventDefault();
    if (!panel.querySelector('[data-act="' + known + '"]')) return;
    if (known === "edit") edit(); else if (known === "skip") skip(); else act(known);
  }
  setInterval(poll, 3000);
  window.addEventListener("focus", poll);
})();
