/* Mitwirken search: suggestions for the search box (progressive enhancement).
 *
 * Without JavaScript the search form works as is. With it, the box gets a native <datalist>
 * filled from /suche/vorschlaege/?q=… (titles of public ideas and pilots): browsers render it
 * as an accessible list that keyboards and screen readers already know. Nothing is inline,
 * so the strict Content-Security-Policy stays untouched.
 */
(function () {
  "use strict";

  var MIN_LENGTH = 2;
  var DELAY = 200;

  function enhance(input) {
    var url = input.getAttribute("data-suggest-url");
    if (!url || !window.fetch) {
      return;
    }
    var list = document.createElement("datalist");
    list.id = input.id + "-suggestions";
    input.parentNode.insertBefore(list, input.nextSibling);
    input.setAttribute("list", list.id);

    var timer = null;
    var lastQuery = "";
    var controller = null;

    function show(suggestions) {
      while (list.firstChild) {
        list.removeChild(list.firstChild);
      }
      suggestions.forEach(function (item) {
        var option = document.createElement("option");
        option.value = item.title;
        option.textContent = item.kind;
        list.appendChild(option);
      });
    }

    function update() {
      var query = input.value.trim();
      if (query === lastQuery) {
        return;
      }
      lastQuery = query;
      if (query.length < MIN_LENGTH) {
        show([]);
        return;
      }
      if (controller) {
        controller.abort();
      }
      controller = window.AbortController ? new AbortController() : null;
      fetch(url + "?q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: controller ? controller.signal : undefined
      })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (data) {
          show(data.suggestions || []);
        })
        .catch(function () {
          /* No suggestions: the form still works. */
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, DELAY);
    });
  }

  var inputs = document.querySelectorAll("input[data-suggest-url]");
  for (var i = 0; i < inputs.length; i += 1) {
    enhance(inputs[i]);
  }
})();
