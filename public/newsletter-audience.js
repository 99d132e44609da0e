/* Convene newsletter compose page: the live audience count (progressive enhancement of `section[data-audience-url]`).
   Without this script the "Preview audience" button re-renders the page with the count and a sample; with it, a
   change to any recipient field asks the server (after a pause of 400 ms) for the same count and masked sample and
   puts them into the panel, an aria-live region, so screen readers hear the new count. */
(function () {
  "use strict";
  var FIELDS = ["audiences", "roles", "actorTypes", "countries", "regions", "frameworkItems", "locales"];

  function enhance(panel) {
    var segment = document.querySelector("fieldset.segment");
    var form = segment && segment.form;
    var heading = panel.querySelector("h2");
    var result = panel.querySelector(".audience-result");
    if (!form || !heading || !result) return;
    var timer = 0;
    var latest = 0;

    function query() {
      var parts = [];
      FIELDS.forEach(function (name) {
        Array.prototype.forEach.call(form.querySelectorAll('input[name="' + name + '"]:checked'), function (box) {
          parts.push(encodeURIComponent(name) + "=" + encodeURIComponent(box.value));
        });
      });
      return parts.join("&");
    }

    function show(answer) {
      heading.textContent = answer.heading;
      while (result.firstChild) result.removeChild(result.firstChild);
      if (answer.count) {
        var title = document.createElement("h3");
        title.textContent = answer.sampleHeading;
        var list = document.createElement("ul");
        answer.sample.forEach(function (line) {
          var item = document.createElement("li");
          item.textContent = line;
          list.appendChild(item);
        });
        result.appendChild(title);
        result.appendChild(list);
      } else {
        var none = document.createElement("p");
        none.textContent = answer.none;
        result.appendChild(none);
      }
    }

    function refresh() {
      var ticket = ++latest;
      panel.setAttribute("aria-busy", "true");
      fetch(panel.getAttribute("data-audience-url") + "?" + query(), { credentials: "same-origin", headers: { accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (answer) {
          // an older answer arriving after a newer request is dropped: the panel follows the last change only
          if (answer && ticket === latest) show(answer);
        })
        .catch(function () {
          /* offline or refused: the button still previews the audience */
        })
        .then(function () {
          if (ticket === latest) panel.removeAttribute("aria-busy");
        });
    }

    form.addEventListener("change", function (event) {
      var target = event.target;
      if (!target || target.type !== "checkbox" || FIELDS.indexOf(target.name) === -1) return;
      clearTimeout(timer);
      timer = setTimeout(refresh, 400);
    });
    if (!panel.hasAttribute("data-count")) refresh();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("section[data-audience-url]"), enhance);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
