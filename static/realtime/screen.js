/* Boegbeeld wall screen: shows customer feedback as it arrives, for days on end.
 *
 * - One websocket; the server sends a snapshot, then pushes feedback, retractions,
 *   emergency messages and reload requests.
 * - Heartbeat ping every 25 s; reconnect with jittered exponential backoff (max 30 s).
 * - Every change carries a sequence number (`seq`). The screen remembers up to
 *   which number it has every change (a frame numbered right after it, or the
 *   server's `synced`) and after a reconnect `hello` with that `seq` replays every
 *   change since, as each item's current state. Per item (and emergency scope)
 *   it keeps the number of the state shown, so a late, older frame changes nothing.
 * - The last known state lives in localStorage so a reload during an outage still
 *   shows content; a watchdog reloads the page if nothing arrives for 90 s and the
 *   server answers (a reload while the server is down would show an error page).
 * - Customer text is only ever inserted with textContent.
 */
(function () {
  "use strict";

  var HEARTBEAT_MS = 25000;
  var STALL_MS = 90000;
  var BACKOFF_BASE_MS = 1000;
  var BACKOFF_MAX_MS = 30000;
  var MAX_ITEMS = 50;
  var MAX_SEQS = 500;
  var ROTATE_FEEDBACK = 20;
  var STORY_EVERY = 3;
  var CHANNELS = {
    x: "X", facebook: "Facebook", instagram: "Instagram", email: "E-mail",
    phone: "Telefoon", survey: "Enquête", review: "Review", webcare: "Webcare",
  };
  var CHANNELS_EN = { email: "Email", phone: "Phone", survey: "Survey" };

  function readJson(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  function $(id) { return document.getElementById(id); }

  var config = readJson("screen-config");
  var strings = readJson("screen-strings") || {};
  var stories = readJson("screen-stories") || [];
  var figures = readJson("screen-figures");
  var FIGURES_EVERY = 5;
  var FIGURES_REFRESH_MS = 5 * 60 * 1000;
  var token = new URLSearchParams(window.location.search).get("token") || "";
  var storageKey = "boegbeeld.screen." + config.slug;

  var state = {
    items: [], // newest first
    emergencies: {}, // scope -> {id, text}
    lastId: 0,
    seq: null, // every change up to this number is applied (null: unknown)
    seqs: {}, // feedback id -> number of the state shown (or taken off)
    scopeSeqs: {}, // emergency scope -> number of the state shown
  };
  var socket = null;
  var attempt = 0;
  var lastMessageAt = Date.now();
  var heartbeatTimer = null;
  var reconnectTimer = null;
  var rotateTimer = null;
  var slideIndex = -1;
  var currentItemId = null;
  var unauthorised = false;

  /* ---------- state ---------- */
  function setItems(items) {
    var seen = {};
    state.items = items.filter(function (item) {
      if (!item || seen[item.id]) return false;
      seen[item.id] = true;
      return true;
    });
    state.items.sort(function (a, b) { return b.id - a.id; });
    state.items = state.items.slice(0, MAX_ITEMS);
    state.items.forEach(function (item) { if (item.id > state.lastId) state.lastId = item.id; });
  }

  /* A change numbered `seq` is newer than the state shown (0: unnumbered). */
  function isNewer(known, seq) {
    return !seq || !known || seq >= known;
  }

  function advance(seq) {
    if (seq && state.seq !== null && seq === state.seq + 1) state.seq = seq;
  }

  function pruneSeqs() {
    var ids = Object.keys(state.seqs);
    if (ids.length <= MAX_SEQS) return;
    var shown = {};
    state.items.forEach(function (item) { shown[item.id] = true; });
    ids.filter(function (id) { return !shown[id]; })
      .sort(function (a, b) { return state.seqs[a] - state.seqs[b]; })
      .slice(0, ids.length - MAX_SEQS)
      .forEach(function (id) { delete state.seqs[id]; });
  }

  /* Show an item's state numbered `seq`; false if a newer one is shown. */
  function putItem(item, seq) {
    if (!isNewer(state.seqs[item.id], seq)) return false;
    if (seq) state.seqs[item.id] = seq;
    setItems([item].concat(state.items.filter(function (i) { return i.id !== item.id; })));
    return true;
  }

  function takeItem(id, seq) {
    if (!isNewer(state.seqs[id], seq)) return false;
    if (seq) state.seqs[id] = seq;
    setItems(state.items.filter(function (i) { return i.id !== id; }));
    pruneSeqs();
    return true;
  }

  function putEmergency(scope, message, seq) {
    if (!isNewer(state.scopeSeqs[scope], seq)) return false;
    if (seq) state.scopeSeqs[scope] = seq;
    if (message) state.emergencies[scope] = message; else delete state.emergencies[scope];
    return true;
  }

  function applySnapshot(message) {
    var seq = typeof message.seq === "number" ? message.seq : null;
    // Numbers only grow; a snapshot below ours comes from a restored database.
    if (state.seq !== null && seq !== null && seq >= state.seq) {
      // Reconnected: the snapshot is the current state of its items, and
      // `hello` replays whatever else changed since state.seq.
      (message.items || []).forEach(function (item) { putItem(item, seq); });
    } else {
      setItems(message.items || []);
      state.seqs = {};
      state.items.forEach(function (item) { if (seq) state.seqs[item.id] = seq; });
      state.seq = seq;
    }
    state.emergencies = {};
    state.scopeSeqs = {};
    (message.emergencies || []).forEach(function (m) {
      state.emergencies[m.scope] = m;
      if (seq) state.scopeSeqs[m.scope] = seq;
    });
    save();
  }

  function save() {
    try {
      localStorage.setItem(storageKey, JSON.stringify({
        items: state.items, emergencies: state.emergencies, lastId: state.lastId,
        seq: state.seq, seqs: state.seqs, scopeSeqs: state.scopeSeqs, savedAt: Date.now(),
      }));
    } catch (e) { /* storage full or disabled: the live socket still works */ }
  }

  function restore() {
    var initial = readJson("screen-snapshot");
    var cached = null;
    try { cached = JSON.parse(localStorage.getItem(storageKey) || "null"); } catch (e) { cached = null; }
    applySnapshot(initial || { items: [] });
    // A page served from the offline cache carries an old snapshot; the copy in
    // localStorage is newer then.
    var cachedSeq = cached && typeof cached.seq === "number" ? cached.seq : null;
    var newer = cached && (cachedSeq !== null && state.seq !== null
      ? cachedSeq > state.seq
      : cached.lastId > state.lastId);
    if (newer) {
      setItems(cached.items || []);
      state.emergencies = cached.emergencies || {};
      state.seq = cachedSeq;
      state.seqs = cached.seqs || {};
      state.scopeSeqs = cached.scopeSeqs || {};
    }
  }

  /* ---------- rendering ---------- */
  function stars(el, rating) {
    el.textContent = "";
    if (!rating) return;
    for (var i = 1; i <= 5; i++) {
      var s = document.createElement("span");
      s.textContent = "★";
      if (i > rating) s.className = "off";
      el.appendChild(s);
    }
  }

  // Times in the site's time zone, not the TV's own (often left on UTC or elsewhere).
  function dayKey(d) {
    return d.toLocaleDateString("en-CA", { timeZone: config.timeZone });
  }

  function timeLabel(iso) {
    var d = new Date(iso);
    if (isNaN(d)) return "";
    var opts = dayKey(d) === dayKey(new Date())
      ? { hour: "2-digit", minute: "2-digit" }
      : { day: "numeric", month: "short" };
    opts.timeZone = config.timeZone;
    return d.toLocaleString(config.language, opts);
  }

  function channelLabel(channel) {
    if (config.language === "en" && CHANNELS_EN[channel]) return CHANNELS_EN[channel];
    return CHANNELS[channel] || "";
  }

  function show(id) {
    ["slide-feedback", "slide-story", "slide-figures", "slide-empty"].forEach(function (other) {
      $(other).hidden = other !== id;
    });
    // Restart the entry animation.
    var el = $(id);
    el.style.animation = "none";
    void el.offsetWidth;
    el.style.animation = "";
  }

  function renderFeedback(item, isNew) {
    var quote = $("quote-text");
    quote.textContent = item.text;
    quote.className = "quote" + (item.text.length > 260 ? " is-very-long" : item.text.length > 140 ? " is-long" : "");
    stars($("quote-stars"), item.rating);
    $("quote-author").textContent = item.author || "";
    $("quote-channel").textContent = channelLabel(item.channel);
    $("quote-time").textContent = timeLabel(item.received_at);
    $("badge").hidden = !isNew;
    $("slide-feedback").classList.toggle("is-new", !!isNew);
    $("slide-feedback").setAttribute("data-id", String(item.id));
    currentItemId = item.id;
    show("slide-feedback");
  }

  function renderStory(story) {
    $("story-title").textContent = story.title;
    $("story-intro").textContent = story.intro || "";
    var img = $("story-image");
    if (story.image) { img.setAttribute("src", story.image); } else { img.removeAttribute("src"); }
    $("slide-story").classList.toggle("no-image", !story.image);
    currentItemId = null;
    show("slide-story");
  }

  function hasFigures() {
    return !!(config.panels.figures && figures && figures.shares > 0);
  }

  function renderFigures() {
    $("fig-shares").textContent = String(figures.shares);
    $("fig-clicks").textContent = String(figures.clicks);
    $("fig-sharers").textContent = String(figures.sharers);
    $("fig-top").textContent = figures.top_story || "";
    $("fig-top-line").hidden = !figures.top_story;
    currentItemId = null;
    show("slide-figures");
  }

  function refreshFigures() {
    if (!config.panels.figures || !config.figuresUrl) return;
    fetch(config.figuresUrl + "?token=" + encodeURIComponent(token), {
      credentials: "omit",
      cache: "no-store",
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data && data.figures) figures = data.figures; })
      .catch(function () { /* keep the last figures while offline */ });
  }

  function renderTicker() {
    var list = $("ticker");
    list.textContent = "";
    state.items.filter(function (item) { return item.id !== currentItemId; })
      .slice(0, 3).forEach(function (item) {
        var li = document.createElement("li");
        var span = document.createElement("span");
        // The text sets the tile's direction (Arabic, Hebrew right to left); the
        // author has a dir of its own, so its name does not decide it.
        span.dir = "auto";
        if (item.author) {
          var b = document.createElement("b");
          b.dir = "auto";
          b.textContent = item.author;
          span.appendChild(b);
          span.appendChild(document.createTextNode(" "));
        }
        span.appendChild(document.createTextNode(item.text));
        li.appendChild(span);
        list.appendChild(li);
      });
  }

  function renderEmergency() {
    var active = Object.keys(state.emergencies).map(function (k) { return state.emergencies[k]; })
      .filter(Boolean).sort(function (a, b) { return b.id - a.id; })[0];
    $("emergency").hidden = !active;
    $("emergency-text").textContent = active ? active.text : "";
  }

  /* A playlist of feedback with a story every few items. */
  function playlist() {
    var list = [];
    var feedback = config.panels.feedback ? state.items.slice(0, ROTATE_FEEDBACK) : [];
    var s = 0;
    feedback.forEach(function (item, i) {
      list.push({ kind: "feedback", item: item });
      if (stories.length && (i + 1) % STORY_EVERY === 0) list.push({ kind: "story", item: stories[s++ % stories.length] });
    });
    if (!feedback.length) stories.forEach(function (story) { list.push({ kind: "story", item: story }); });
    if (hasFigures()) {
      // Today's sharing figures every few slides, and at least once a round.
      var withFigures = [];
      list.forEach(function (slide, i) {
        withFigures.push(slide);
        if ((i + 1) % FIGURES_EVERY === 0) withFigures.push({ kind: "figures" });
      });
      if (withFigures.length === list.length) withFigures.push({ kind: "figures" });
      list = withFigures;
    }
    return list;
  }

  function restartProgress(ms) {
    var bar = $("progress");
    bar.classList.remove("run");
    void bar.offsetWidth;
    bar.style.animationDuration = ms + "ms";
    bar.classList.add("run");
  }

  function next() {
    clearTimeout(rotateTimer);
    var list = playlist();
    var ms = config.rotationSeconds * 1000;
    if (!list.length) {
      currentItemId = null;
      show("slide-empty");
    } else {
      slideIndex = (slideIndex + 1) % list.length;
      var slide = list[slideIndex];
      if (slide.kind === "feedback") renderFeedback(slide.item, false);
      else if (slide.kind === "figures") renderFigures();
      else renderStory(slide.item);
    }
    renderTicker();
    restartProgress(ms);
    rotateTimer = setTimeout(next, ms);
  }

  function interrupt(item) {
    // A new item goes on screen at once with a highlight, then the rotation resumes.
    clearTimeout(rotateTimer);
    slideIndex = -1;
    renderFeedback(item, true);
    renderTicker();
    var ms = Math.max(config.rotationSeconds, 8) * 1000;
    restartProgress(ms);
    rotateTimer = setTimeout(next, ms);
  }

  /* ---------- messages ---------- */
  function onMessage(message) {
    lastMessageAt = Date.now();
    switch (message.type) {
      case "snapshot": {
        var before = state.lastId;
        applySnapshot(message);
        attempt = 0;
        setConnected(true);
        var hello = { type: "hello", since: before };
        if (state.seq !== null) hello.seq = state.seq;
        send(hello);
        renderEmergency();
        if (currentItemId !== null && !state.items.some(function (i) { return i.id === currentItemId; })) next();
        else renderTicker();
        break;
      }
      case "feedback": {
        var item = message.item;
        var known = state.items.some(function (i) { return i.id === item.id; });
        var isNewest = item.id > state.lastId;
        var changed = (!known || message.seq) && putItem(item, message.seq);
        advance(message.seq);
        save();
        if (!changed) break;
        if (known) {
          // Corrected text or details: show the new version where it stands.
          if (currentItemId === item.id) renderFeedback(item, false); else renderTicker();
        } else if (isNewest && config.panels.feedback) interrupt(item);
        else renderTicker();
        break;
      }
      case "retract": {
        var taken = takeItem(message.id, message.seq);
        advance(message.seq);
        save();
        if (!taken) break;
        if (currentItemId === message.id) next(); else renderTicker();
        break;
      }
      case "emergency": {
        putEmergency(message.scope, message.message, message.seq);
        advance(message.seq);
        save();
        renderEmergency();
        break;
      }
      case "synced": {
        if (state.seq === null || message.seq > state.seq) state.seq = message.seq;
        save();
        break;
      }
      case "reload":
        window.location.reload();
        break;
      default:
        break; // pong and future types
    }
  }

  /* ---------- connection ---------- */
  function send(obj) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(obj));
  }

  var indicatorTimer = null;
  function setConnected(ok) {
    document.body.setAttribute("data-state", ok ? "live" : "reconnecting");
    clearTimeout(indicatorTimer);
    if (ok) { $("connection").hidden = true; return; }
    // Brief blips stay invisible; only a real outage shows the indicator.
    indicatorTimer = setTimeout(function () { $("connection").hidden = false; }, 3000);
  }

  function connect() {
    clearTimeout(reconnectTimer);
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var url = scheme + window.location.host + "/ws/screens/" + encodeURIComponent(config.slug) +
      "/?token=" + encodeURIComponent(token);
    try {
      socket = new WebSocket(url);
    } catch (e) {
      scheduleReconnect();
      return;
    }
    socket.onmessage = function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (message && typeof message.type === "string") onMessage(message);
    };
    socket.onclose = function (event) {
      socket = null;
      clearInterval(heartbeatTimer);
      // 4401: bad or replaced token; 4403: switched off or deleted. Either way
      // the screen was revoked: say so and stop reconnecting.
      if (event.code === 4401 || event.code === 4403) {
        unauthorised = true;
        clearTimeout(indicatorTimer);
        document.body.setAttribute("data-state", "revoked");
        $("connection-text").textContent =
          (event.code === 4403 ? strings.switchedOff : strings.unauthorised) || "";
        $("connection").hidden = false;
        // A revoked screen will not come back by itself; check again rarely.
        reconnectTimer = setTimeout(function () { window.location.reload(); }, 15 * 60 * 1000);
        return;
      }
      setConnected(false);
      scheduleReconnect();
    };
    socket.onopen = function () {
      clearInterval(heartbeatTimer);
      heartbeatTimer = setInterval(function () { send({ type: "ping" }); }, HEARTBEAT_MS);
    };
  }

  function scheduleReconnect() {
    clearTimeout(reconnectTimer);
    var ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * Math.pow(2, attempt));
    attempt = Math.min(attempt + 1, 10);
    var delay = ceiling / 2 + Math.random() * ceiling / 2;
    reconnectTimer = setTimeout(connect, delay);
  }

  function watchdog() {
    if (unauthorised || Date.now() - lastMessageAt < STALL_MS) return;
    // Stalled: reload only if the server answers, else keep showing what we have.
    fetch("/healthz", { cache: "no-store" }).then(function (r) {
      if (r.ok) window.location.reload();
    }).catch(function () {
      if (socket) { try { socket.close(); } catch (e) { /* already closing */ } }
    });
    lastMessageAt = Date.now();
  }

  function tickClock() {
    $("clock").textContent = new Date().toLocaleTimeString(config.language, {
      hour: "2-digit", minute: "2-digit", timeZone: config.timeZone,
    });
  }

  window.addEventListener("online", function () { if (!socket) { attempt = 0; connect(); } });

  restore();
  renderEmergency();
  tickClock();
  setInterval(tickClock, 10000);
  setInterval(watchdog, 10000);
  setInterval(refreshFigures, FIGURES_REFRESH_MS);
  next();
  connect();
  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register("/screens/sw.js", { scope: "/screens/" }).catch(function () {});
  }
})();
