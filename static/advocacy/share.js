/* Boegbeeld share composer and confirmation.
 *
 * Composer (form[data-share-form] around the guideline widget): switching network
 * swaps in that network's suggested text (unless the employee already wrote their
 * own), marks the check as promotional where sharing earns points, shows the right
 * hints, and asks the server for the authenticity nudge after every check.
 * Confirmation ([data-share-done]): copy buttons, and copy-before-open for networks
 * that only take a link. Everything works without this script, just less smoothly.
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

  function initComposer(form) {
    var root = form.querySelector("[data-guideline-composer]");
    var select = form.querySelector("[data-composer-network]");
    var textarea = form.querySelector("[data-composer-text]");
    var nudge = form.querySelector("[data-share-nudge]");
    if (!root || !select || !textarea) return;
    var startTexts = json("share-start-texts", {});
    var rewarded = json("share-rewarded-networks", []);
    var urlOnly = json("share-url-only-networks", []);
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

    form.addEventListener("submit", function () {
      var button = form.querySelector(".share-submit");
      if (button) {
        // Prevent double shares from a double tap; the page is replaced anyway.
        setTimeout(function () { button.disabled = true; }, 0);
      }
    });
    hints(current);
  }

  function initDone(root) {
    var status = root.querySelector("[data-copy-status]");

    function report(button, ok) {
      if (status) status.textContent = ok ? button.getAttribute("data-copied") || "" : "";
    }

    root.querySelectorAll("[data-copy], [data-copy-value]").forEach(function (button) {
      button.addEventListener("click", function () {
        var selector = button.getAttribute("data-copy");
        var value = selector
          ? (document.querySelector(selector) || {}).value
          : button.getAttribute("data-copy-value");
        copyText(value || "").then(function (ok) {
          report(button, ok);
        });
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
