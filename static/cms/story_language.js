// Story editor: warn beside the language field when the text reads like another
// language. The server decides (cms.views.story_language_check); this only asks.
(function () {
  "use strict";
  function start() {
    var select = document.getElementById("id_language");
    var form = select && select.form;
    var script = document.getElementById("story-language-js");
    var url = script && script.dataset.url;
    if (!form || !url || !document.getElementById("id_intro")) return;
    var note = document.createElement("p");
    note.className = "help-block help-warning story-language-warning";
    note.setAttribute("role", "status");
    note.hidden = true;
    select.insertAdjacentElement("afterend", note);
    var timer = null;

    function storyText() {
      var parts = [];
      ["id_title", "id_intro"].forEach(function (id) {
        var field = document.getElementById(id);
        if (field) parts.push(field.value);
      });
      form.querySelectorAll("[contenteditable=true]").forEach(function (el) {
        parts.push(el.innerText);
      });
      return parts.join("\n");
    }

    function check() {
      var body = new FormData();
      body.append("text", storyText());
      body.append("language", select.value);
      body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
      fetch(url, { method: "POST", body: body, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data) return;
          note.textContent = data.message;
          note.hidden = !data.message;
        })
        .catch(function () {});
    }

    function later() {
      clearTimeout(timer);
      timer = setTimeout(check, 600);
    }

    select.addEventListener("change", check);
    form.addEventListener("input", later);
    check();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
