/*
 * Autocomplete for the search field: the ARIA 1.2 combobox pattern ("list autocomplete with manual
 * selection"). Without this file the field is a plain search box in a GET form, so everything works
 * without JavaScript; with it, suggestions from /api/suggest appear in a list laid over the page
 * (absolutely positioned, so nothing below moves).
 *
 * Words and phrases search when chosen; passage titles ("Gå til …", after them) open their passage.
 *
 * Keys: ↓/↑ move through the suggestions (wrapping), Enter searches for the active word or opens the
 * active passage, Escape closes the list (a second Escape clears the field), Tab leaves as usual.
 */
(function () {
  "use strict";

  var MIN_CHARS = 2;
  var DELAY_MS = 120;
  var NONE = { suggestions: [], passages: [] };

  function enhance(combo) {
    var input = combo.querySelector("input");
    var list = combo.querySelector("[role=listbox]");
    var form = combo.closest("form");
    var status = form.querySelector("[role=status]");
    var url = combo.getAttribute("data-suggest-url");
    if (!input || !list || !form || !url) {
      return;
    }
    var cache = new Map();
    var options = [];
    var active = -1;
    var timer = null;
    var pending = null;
    var announced = "";

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    function announce(text) {
      if (status && text !== announced) {
        status.textContent = text;
        announced = text;
      }
    }

    function setActive(index) {
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }

    function open() {
      if (options.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    }

    function choose(index) {
      var href = options[index].getAttribute("data-href");
      if (href) {
        close();
        window.location.assign(href);
        return;
      }
      input.value = options[index].getAttribute("data-value");
      close();
      if (form.requestSubmit) {
        form.requestSubmit();
      } else {
        form.submit();
      }
    }

    function newOption(index) {
      var option = document.createElement("li");
      option.id = list.id + "-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.addEventListener("mousedown", function (event) {
        event.preventDefault(); // keep focus in the field
      });
      option.addEventListener("click", function () {
        choose(index);
      });
      return option;
    }

    function optionFor(value, typed, index) {
      var option = newOption(index);
      option.setAttribute("data-value", value);
      // The part already typed stays plain, the completion is bold: easy to scan.
      if (value.toLowerCase().indexOf(typed.toLowerCase()) === 0) {
        option.appendChild(document.createTextNode(value.slice(0, typed.length)));
        var rest = document.createElement("strong");
        rest.textContent = value.slice(typed.length);
        option.appendChild(rest);
      } else {
        option.textContent = value;
      }
      return option;
    }

    // A passage title opens the passage: "Gå til" says so in words, not only by its look.
    function passageOption(passage, index) {
      var option = newOption(index);
      option.className = "combo-passage";
      option.setAttribute("data-href", passage.url);
      var hint = document.createElement("span");
      hint.className = "combo-hint";
      hint.textContent = "Gå til ";
      option.appendChild(hint);
      option.appendChild(document.createTextNode(passage.title));
      return option;
    }

    function show(typed, found) {
      if (typed !== input.value) {
        return; // an answer for text the user has since changed
      }
      list.textContent = "";
      options = found.suggestions.map(function (value, i) {
        return list.appendChild(optionFor(value, typed, i));
      }).concat(found.passages.map(function (passage, i) {
        return list.appendChild(passageOption(passage, found.suggestions.length + i));
      }));
      setActive(-1);
      if (options.length && document.activeElement === input) {
        open();
        announce(options.length === 1 ? "1 forslag. Brug pil ned for at vælge."
          : options.length + " forslag. Brug pil op og ned for at vælge.");
      } else {
        close();
        announce("");
      }
    }

    function fetchSuggestions() {
      var typed = input.value;
      if (typed.trim().length < MIN_CHARS) {
        show(typed, NONE);
        return;
      }
      if (cache.has(typed)) {
        show(typed, cache.get(typed));
        return;
      }
      if (pending) {
        pending.abort();
      }
      pending = new AbortController();
      fetch(url + "?q=" + encodeURIComponent(typed), {
        headers: { Accept: "application/json" },
        signal: pending.signal
      }).then(function (response) {
        return response.ok ? response.json() : NONE;
      }).then(function (data) {
        var found = {
          suggestions: Array.isArray(data.suggestions) ? data.suggestions.slice(0, 8) : [],
          // A path on this site only ("/passage/…"), never "//host" or "/\host" (another site).
          passages: Array.isArray(data.passages) ? data.passages.filter(function (passage) {
            return passage && typeof passage.title === "string" && /^\/(?![\/\\])/.test(passage.url);
          }).slice(0, 3) : []
        };
        cache.set(typed, found);
        show(typed, found);
      }).catch(function (error) {
        if (error.name !== "AbortError") {
          show(typed, NONE); // no suggestions is fine: the search itself still works
        }
      });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      var expanded = !list.hidden;
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (!expanded) {
            open();
            if (!options.length) {
              fetchSuggestions();
            }
          }
          if (options.length && !event.altKey) {
            setActive(active + 1 < options.length ? active + 1 : 0);
          }
          break;
        case "ArrowUp":
          if (expanded && options.length) {
            event.preventDefault();
            setActive(active > 0 ? active - 1 : options.length - 1);
          }
          break;
        case "Enter":
          if (expanded && active >= 0) {
            event.preventDefault();
            choose(active);
          }
          break;
        case "Escape":
          if (expanded) {
            event.preventDefault();
            close();
          } else if (input.value) {
            event.preventDefault();
            input.value = "";
          }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    input.addEventListener("blur", close);
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".combo[data-suggest-url]"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
