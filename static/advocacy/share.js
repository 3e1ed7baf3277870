/* Boegbeeld share composer and confirmation.
 *
 * Composer (form[data-share-form] around the guideline widget): switching network
 * swaps in that network's suggested text (unless the employee already wrote their
 * own), marks the check as promotional where sharing earns points, shows the right
 * hints, and asks the server for the authenticity nudge after every check.
 * Its Share button goes straight to the network: the post is prepared (checked,
 * tracked link) with one request and handed off at once: to the network's share
 * page, or to the phone's share sheet ("Share…", where navigator.share exists, and
 * for networks without a web share page).
 * Confirmation ([data-share-done]): copy buttons, copy-before-open for networks
 * that only take a link, the share sheet; each hand-off is recorded, because only
 * a post that left counts. Everything works without this script, just less smoothly.
 */
(function () {
  "use strict";

  function json(id, fallback) {
    var node = document.getElementById(id);
    try {
      return node ? JSON.parse(node.textContent) : fallback;
    } catch (e) {
      return fallback;
    }
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(
        function () { return true; },
        function () { return legacyCopy(text); }
      );
    }
    return Promise.resolve(legacyCopy(text));
  }

  function legacyCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (e) {
      ok = false;
    }
    document.body.removeChild(area);
    return ok;
  }

  function canShareSheet() {
    return typeof navigator.share === "function";
  }

  // Record that the post left through `path` (intent, share_sheet, copy).
  // keepalive: the request outlives a navigation that follows at once.
  function handOff(url, path) {
    var body = new FormData();
    body.append("path", path);
    body.append("csrfmiddlewaretoken", csrfToken());
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      keepalive: true,
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
      body: body,
    }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    });
  }

  // The same request a form would make, for a page the browser then leaves:
  // recorded on the server, which answers with a redirect to the network.
  function handOffAndGo(url, path) {
    var form = document.createElement("form");
    form.method = "post";
    form.action = url;
    form.hidden = true;
    [["csrfmiddlewaretoken", csrfToken()], ["path", path]].forEach(function (pair) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = pair[0];
      input.value = pair[1];
      form.appendChild(input);
    });
    document.body.appendChild(form);
    form.submit();
  }

  function initComposer(form) {
    var root = form.querySelector("[data-guideline-composer]");
    var select = form.querySelector("[data-composer-network]");
    var textarea = form.querySelector("[data-composer-text]");
    var nudge = form.querySelector("[data-share-nudge]");
    if (!root || !select || !textarea) return;
    var startTexts = json("share-start-texts", {});
    var rewarded = json("share-rewarded-networks", []);
    var urlOnly = json("share-url-only-networks", []);
    var copyOnly = json("share-copy-only-networks", []);
    var sheetButton = form.querySelector("[data-share-sheet]");
    var prepared = {}; // network + text → the server's prepared share
    var storyPromotional = root.getAttribute("data-story-promotional") === "true";
    var current = select.value;
    var nudgeSeq = 0;

    function norm(value) {
      return (value || "").replace(/\r\n/g, "\n").trim();
    }

    function hints(network) {
      form.querySelectorAll("[data-share-hint]").forEach(function (node) {
        var kind = node.getAttribute("data-share-hint");
        var show =
          (kind === "url-only" && urlOnly.indexOf(network) !== -1) ||
          (kind === "mastodon" && network === "mastodon") ||
          (kind === "points" && rewarded.indexOf(network) !== -1);
        node.hidden = !show;
      });
    }

    // Capture phase: runs before the widget re-checks on the same change event.
    form.addEventListener(
      "change",
      function (event) {
        if (event.target !== select) return;
        var next = select.value;
        var promotional = storyPromotional || rewarded.indexOf(next) !== -1;
        root.setAttribute("data-promotional", promotional ? "true" : "false");
        if (norm(textarea.value) === norm(startTexts[current]) && startTexts[next]) {
          textarea.value = startTexts[next];
          textarea.dispatchEvent(new Event("input", { bubbles: true }));
        }
        current = next;
        hints(next);
      },
      true
    );

    root.addEventListener("composer:checked", function () {
      var url = form.getAttribute("data-nudge-url");
      if (!url || !nudge) return;
      var seq = ++nudgeSeq;
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify({ text: textarea.value, network: select.value }),
      })
        .then(function (response) {
          return response.ok ? response.json() : { nudge: null };
        })
        .then(function (data) {
          if (seq !== nudgeSeq) return;
          nudge.textContent = data.nudge || "";
          nudge.hidden = !data.nudge;
        })
        .catch(function () {});
    });

    function buttons(disabled) {
      form.querySelectorAll(".share-actions button").forEach(function (button) {
        button.disabled = disabled;
      });
    }

    // Without fetch, or when anything goes wrong, the form is posted as it is:
    // the server checks it and shows the confirmation or what to fix.
    function plainSubmit() {
      HTMLFormElement.prototype.submit.call(form);
    }

    function prepare() {
      var key = select.value + "\n" + textarea.value + "\n" + (form.elements.dismissed || {}).value;
      if (prepared[key]) return Promise.resolve(prepared[key]);
      return fetch(form.action, {
        method: "POST",
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
        body: new FormData(form),
      }).then(function (response) {
        if (response.status !== 201) throw new Error("HTTP " + response.status);
        return response.json().then(function (data) {
          prepared[key] = data;
          return data;
        });
      });
    }

    function viaShareSheet(data) {
      return navigator.share({ text: data.text, url: data.link }).then(
        function () {
          return handOff(data.hand_off_url, "share_sheet").then(
            function () { window.location.assign(data.done_url); },
            function () { window.location.assign(data.done_url); }
          );
        },
        function (error) {
          if (error && error.name === "AbortError") {
            buttons(false); // closed without sharing: nothing counts
            return;
          }
          // e.g. the tap's permission ran out: the confirmation has its own button.
          window.location.assign(data.done_url);
        }
      );
    }

    function viaIntent(data) {
      // Back from the network lands on the confirmation, not on this form.
      history.replaceState(null, "", data.done_url);
      window.addEventListener("pageshow", function (event) {
        if (event.persisted) window.location.reload(); // this form, kept in memory
      });
      handOff(data.hand_off_url, "intent").then(
        function () { window.location.assign(data.intent_url); },
        function () { handOffAndGo(data.hand_off_url, "intent"); }
      );
    }

    if (sheetButton && canShareSheet()) sheetButton.hidden = false;

    function go(toSheet) {
      var network = select.value;
      var sheet = canShareSheet() && (toSheet || copyOnly.indexOf(network) !== -1);
      // The network's page takes only the link: copy the text while the tap
      // still counts as the employee's own gesture.
      if (!sheet && urlOnly.indexOf(network) !== -1 && copyOnly.indexOf(network) === -1) {
        copyText(textarea.value);
      }
      buttons(true);
      prepare()
        .then(function (data) {
          if (sheet) return viaShareSheet(data);
          if (data.intent_url && /^https?:/i.test(data.intent_url)) return viaIntent(data);
          window.location.assign(data.done_url);
        })
        .catch(plainSubmit);
    }

    form.addEventListener("submit", function (event) {
      if (!window.fetch || !window.FormData) {
        setTimeout(function () { buttons(true); }, 0); // a double tap shares once
        return;
      }
      event.preventDefault();
      go(false);
    });
    if (sheetButton) {
      sheetButton.addEventListener("click", function () {
        if (!window.fetch || !window.FormData) return;
        go(true);
      });
    }
    hints(current);
  }

  function initDone(root) {
    var status = root.querySelector("[data-copy-status]");

    function report(button, ok) {
      if (status) status.textContent = ok ? button.getAttribute("data-copied") || "" : "";
    }

    var handOffUrl = root.getAttribute("data-hand-off-url");
    var counted = root.querySelector("[data-share-counted]");

    function record(path) {
      if (!handOffUrl) return Promise.resolve();
      return handOff(handOffUrl, path).then(
        function () { if (counted) counted.hidden = false; },
        function () {}
      );
    }

    root.querySelectorAll("[data-copy], [data-copy-value]").forEach(function (button) {
      button.addEventListener("click", function () {
        var selector = button.getAttribute("data-copy");
        var value = selector
          ? (document.querySelector(selector) || {}).value
          : button.getAttribute("data-copy-value");
        copyText(value || "").then(function (ok) {
          report(button, ok);
          if (ok) record("copy"); // copied to paste in the app: it left
        });
      });
    });

    var sheet = root.querySelector("[data-share-sheet]");
    if (sheet && canShareSheet()) {
      sheet.hidden = false;
      sheet.addEventListener("click", function () {
        navigator
          .share({
            text: sheet.getAttribute("data-share-text") || "",
            url: sheet.getAttribute("data-share-url") || "",
          })
          .then(
            function () { record("share_sheet"); },
            function () {} // closed without sharing (AbortError): nothing counts
          );
      });
    }

    // Without this script the form records the share and redirects to the
    // network; with it, the share is recorded alongside and the network opened
    // here, within the tap (a new tab opened later would be blocked).
    root.querySelectorAll(".share-open-form[data-intent-url]").forEach(function (openForm) {
      if (openForm.target !== "_blank") return; // e-mail: the form's redirect opens it
      openForm.addEventListener("submit", function (event) {
        if (!window.fetch || !window.FormData || !handOffUrl) return;
        event.preventDefault();
        record("intent");
        window.open(openForm.getAttribute("data-intent-url"), "_blank", "noopener");
      });
    });

    root.querySelectorAll("[data-copy-first]").forEach(function (link) {
      link.addEventListener("click", function () {
        var source = document.querySelector(link.getAttribute("data-copy-first"));
        // Synchronous within the click, so the browser still treats the
        // navigation as user-initiated and opens the network.
        if (source) {
          copyText(source.value);
          if (status) status.textContent = link.getAttribute("data-copied-first") || "";
        }
      });
    });
  }

  function init() {
    document.querySelectorAll("form[data-share-form]").forEach(initComposer);
    document.querySelectorAll("[data-share-done]").forEach(initDone);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
