/* Boegbeeld guideline composer: checks a post while the employee types.
 *
 * Markup: <div data-guideline-composer data-check-url="..." [data-dismiss-url="..."]
 *              [data-network="x"] [data-promotional="true"] [data-language="nl"]>
 *           [<select data-composer-network>…</select>]
 *           <textarea data-composer-text>…</textarea>
 *           [<input type="hidden" data-composer-dismissed name="…">]
 *         </div>
 * Strings come from <script type="application/json" id="composer-strings">.
 * data-language is the language the post is expected in (the story's): a fix that
 * adds a disclosure is offered in the post's language, not the interface's.
 * Findings are listed in the server's order: what blocks sharing first.
 * The result is advisory: the server checks again when the post is submitted.
 */
(function () {
  "use strict";

  var DEBOUNCE_MS = 200;

  function strings() {
    var node = document.getElementById("composer-strings");
    try {
      return node ? JSON.parse(node.textContent) : {};
    } catch (e) {
      return {};
    }
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function Composer(root) {
    this.root = root;
    this.t = strings();
    this.textarea = root.querySelector("[data-composer-text]");
    this.networkSelect = root.querySelector("[data-composer-network]");
    this.dismissedInput = root.querySelector("[data-composer-dismissed]");
    this.checkUrl = root.getAttribute("data-check-url");
    this.dismissUrl = root.getAttribute("data-dismiss-url");
    this.seq = 0;
    this.timer = null;
    this.controller = null;
    this.report = null;
    this.dismissed = [];
    if (!this.textarea || !this.checkUrl) return;
    this.build();
    this.bind();
    this.check();
  }

  Composer.prototype.tr = function (key, fallback) {
    return this.t[key] || fallback;
  };

  Composer.prototype.network = function () {
    if (this.networkSelect) return this.networkSelect.value;
    return this.root.getAttribute("data-network") || "linkedin";
  };

  Composer.prototype.build = function () {
    var ta = this.textarea;
    // Someone may already be typing when this script runs: moving the textarea
    // takes its focus away, so give focus and selection back.
    var typing = document.activeElement === ta;
    var selection = [ta.selectionStart, ta.selectionEnd, ta.selectionDirection];
    var editor = el("div", "composer-editor");
    this.backdrop = el("div", "composer-backdrop");
    this.backdrop.setAttribute("aria-hidden", "true");
    ta.parentNode.insertBefore(editor, ta);
    editor.appendChild(this.backdrop);
    editor.appendChild(ta);
    ta.classList.add("composer-text");
    if (typing) {
      ta.focus({ preventScroll: true });
      ta.setSelectionRange(selection[0], selection[1], selection[2] || "none");
    }

    var meta = el("div", "composer-meta");
    this.status = el("p", "composer-status");
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");
    this.budget = el("p", "composer-budget");
    this.budget.setAttribute("data-composer-budget", "");
    meta.appendChild(this.status);
    meta.appendChild(this.budget);
    editor.parentNode.insertBefore(meta, editor.nextSibling);

    this.list = el("ul", "composer-findings");
    this.list.setAttribute("data-composer-findings", "");
    meta.parentNode.insertBefore(this.list, meta.nextSibling);
  };

  Composer.prototype.bind = function () {
    var self = this;
    this.textarea.addEventListener("input", function () {
      self.renderBackdrop();
      self.schedule();
    });
    this.textarea.addEventListener("scroll", function () {
      self.backdrop.scrollTop = self.textarea.scrollTop;
    });
    if (this.networkSelect) {
      this.networkSelect.addEventListener("change", function () {
        self.check();
      });
    }
  };

  Composer.prototype.schedule = function () {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () {
      self.check();
    }, DEBOUNCE_MS);
  };

  Composer.prototype.payload = function (extra) {
    var body = {
      text: this.textarea.value,
      network: this.network(),
      promotional: this.root.getAttribute("data-promotional") === "true",
    };
    if (this.root.getAttribute("data-with-link") === "false") body.with_link = false;
    var language = this.root.getAttribute("data-language");
    if (language) body.language = language;
    for (var key in extra || {}) body[key] = extra[key];
    return body;
  };

  Composer.prototype.post = function (url, body, signal) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body),
      signal: signal,
    });
  };

  Composer.prototype.check = function () {
    var self = this;
    var seq = ++this.seq;
    if (this.controller) this.controller.abort();
    this.controller = window.AbortController ? new AbortController() : null;
    this.root.setAttribute("aria-busy", "true");
    this.post(this.checkUrl, this.payload(), this.controller && this.controller.signal)
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (report) {
        if (seq !== self.seq) return; // a newer check is on its way
        self.report = report;
        self.render();
      })
      .catch(function (error) {
        if (error && error.name === "AbortError") return;
        if (seq !== self.seq) return;
        self.status.textContent = self.tr(
          "offline",
          "The live check is unavailable; your post is checked when you submit it."
        );
        self.status.className = "composer-status is-unknown";
      })
      .then(function () {
        if (seq === self.seq) self.root.removeAttribute("aria-busy");
      });
  };

  Composer.prototype.isDismissed = function (finding) {
    return this.dismissed.some(function (d) {
      return d.rule === finding.rule && d.match === finding.match;
    });
  };

  Composer.prototype.visibleFindings = function () {
    var self = this;
    if (!this.report) return [];
    return this.report.findings.filter(function (f) {
      return !self.isDismissed(f);
    });
  };

  Composer.prototype.renderBackdrop = function () {
    var text = this.textarea.value;
    var findings = this.visibleFindings().slice().sort(function (a, b) {
      return a.start_utf16 - b.start_utf16;
    });
    var frag = document.createDocumentFragment();
    var pos = 0;
    findings.forEach(function (f) {
      var start = Math.max(f.start_utf16, pos);
      var end = Math.min(f.end_utf16, text.length);
      if (start > text.length) return;
      if (start > pos) frag.appendChild(document.createTextNode(text.slice(pos, start)));
      var mark = el("mark", "composer-mark is-" + f.severity);
      // Zero-width findings (e.g. a missing disclosure) still get a visible caret.
      mark.textContent = end > start ? text.slice(start, end) : "\u200b";
      frag.appendChild(mark);
      pos = Math.max(pos, end);
    });
    if (pos < text.length) frag.appendChild(document.createTextNode(text.slice(pos)));
    // A trailing newline needs a character after it to take up space.
    frag.appendChild(document.createTextNode("\n"));
    this.backdrop.replaceChildren(frag);
    this.backdrop.scrollTop = this.textarea.scrollTop;
  };

  Composer.prototype.render = function () {
    var self = this;
    var report = this.report;
    var findings = this.visibleFindings();
    var blocking = findings.filter(function (f) {
      return f.severity === "block";
    }).length;

    this.renderBackdrop();
    var used = report.length.used;
    var limit = report.length.limit;
    this.budget.textContent = used + " / " + limit;
    this.budget.className = "composer-budget" + (used > limit ? " is-over" : "");
    this.budget.title = this.tr("budget", "Characters, counted the way this network counts");

    if (blocking) {
      this.status.textContent = this.tr(
        "blocked",
        "Fix the problems marked in red before you can share."
      );
      this.status.className = "composer-status is-block";
    } else if (findings.length) {
      this.status.textContent = this.tr("warned", "Ready to share, but have a look at the tips.");
      this.status.className = "composer-status is-warn";
    } else {
      this.status.textContent = this.tr("ok", "Looks good: ready to share.");
      this.status.className = "composer-status is-ok";
    }
    this.root.setAttribute("data-composer-ok", report.ok ? "true" : "false");

    var items = findings.map(function (f) {
      return self.renderFinding(f);
    });
    this.list.replaceChildren.apply(this.list, items);
    this.root.dispatchEvent(
      new CustomEvent("composer:checked", { bubbles: true, detail: report })
    );
  };

  Composer.prototype.severityLabel = function (severity) {
    if (severity === "block") return this.tr("severity_block", "Must fix");
    if (severity === "warn") return this.tr("severity_warn", "Warning");
    return this.tr("severity_info", "Tip");
  };

  Composer.prototype.renderFinding = function (f) {
    var self = this;
    var item = el("li", "composer-finding is-" + f.severity);
    item.setAttribute("data-rule", f.rule);
    var head = el("div", "composer-finding-head");
    head.appendChild(el("span", "composer-badge is-" + f.severity, this.severityLabel(f.severity)));
    head.appendChild(el("span", "composer-message", f.message));
    item.appendChild(head);

    var actions = el("div", "composer-actions");
    (f.suggestions || []).forEach(function (s) {
      var button = el("button", "composer-fix", s.label);
      button.type = "button";
      button.addEventListener("click", function () {
        self.apply(f, s.replacement);
      });
      actions.appendChild(button);
    });
    if (f.explanation_url) {
      var why = el("a", "composer-why", this.tr("why", "Why?"));
      why.href = f.explanation_url;
      why.target = "_blank";
      why.rel = "noopener";
      actions.appendChild(why);
    }
    if (f.suppressible && this.dismissUrl) {
      var dismiss = el("button", "composer-dismiss", this.tr("dismiss", "Dismiss…"));
      dismiss.type = "button";
      dismiss.addEventListener("click", function () {
        self.askReason(item, f);
      });
      actions.appendChild(dismiss);
    }
    item.appendChild(actions);
    return item;
  };

  Composer.prototype.apply = function (finding, replacement) {
    var ta = this.textarea;
    ta.focus();
    ta.setRangeText(replacement, finding.start_utf16, finding.end_utf16, "end");
    ta.dispatchEvent(new Event("input", { bubbles: true }));
    this.check();
  };

  Composer.prototype.askReason = function (item, finding) {
    var self = this;
    if (item.querySelector(".composer-reason")) return;
    var form = el("div", "composer-reason");
    var label = el("label", null, this.tr("reason", "Why is this fine here?"));
    var input = el("input");
    input.type = "text";
    input.maxLength = 500;
    input.required = true;
    var id = "composer-reason-" + Math.random().toString(36).slice(2);
    input.id = id;
    label.htmlFor = id;
    var confirm = el("button", "composer-fix", this.tr("confirm", "Dismiss warning"));
    confirm.type = "button";
    var error = el("p", "composer-error");
    error.setAttribute("role", "alert");
    confirm.addEventListener("click", function () {
      self.dismiss(finding, input.value, error);
    });
    form.appendChild(label);
    form.appendChild(input);
    form.appendChild(confirm);
    form.appendChild(error);
    item.appendChild(form);
    input.focus();
  };

  Composer.prototype.dismiss = function (finding, reason, errorNode) {
    var self = this;
    var body = this.payload({
      rule: finding.rule,
      start: finding.start,
      end: finding.end,
      reason: reason,
    });
    delete body.with_link;
    delete body.language;
    this.post(this.dismissUrl, body)
      .then(function (response) {
        return response.json().then(function (data) {
          return { ok: response.ok, data: data };
        });
      })
      .then(function (result) {
        if (!result.ok) {
          var detail = result.data && result.data.detail;
          errorNode.textContent =
            (Array.isArray(detail) && detail[0] && detail[0].msg) ||
            self.tr("dismiss_failed", "Could not dismiss this warning.");
          return;
        }
        self.dismissed.push({ rule: finding.rule, match: finding.match, reason: reason });
        if (self.dismissedInput) self.dismissedInput.value = JSON.stringify(self.dismissed);
        self.render();
      })
      .catch(function () {
        errorNode.textContent = self.tr("dismiss_failed", "Could not dismiss this warning.");
      });
  };

  function init(scope) {
    (scope || document).querySelectorAll("[data-guideline-composer]").forEach(function (root) {
      if (!root.composer) root.composer = new Composer(root);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      init();
    });
  } else {
    init();
  }
  document.addEventListener("htmx:load", function (event) {
    init(event.target);
  });
  window.BoegbeeldComposer = { init: init };
})();
