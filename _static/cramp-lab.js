/* Cramp Lab: small behaviour fixes on top of sphinx-book-theme (loaded on every page). */
(function () {
  "use strict";

  function whenReady(callback) {
    if (document.readyState !== "loading") {
      callback();
    } else {
      document.addEventListener("DOMContentLoaded", callback);
    }
  }

  /* Solutions: sphinx-togglebutton names every toggle "Toggle hidden content". Name each one after
     its bar ("Solution to Exercise 2.1"); aria-expanded already says whether it is open. */
  function nameSolutionToggles() {
    document.querySelectorAll("div.solution > p.admonition-title").forEach(function (title) {
      var button = title.querySelector(".toggle-button");
      if (!button) {
        return;
      }
      var text = "";
      title.childNodes.forEach(function (node) {
        if (node !== button) {
          text += node.textContent;
        }
      });
      text = text.replace(/\s+/g, " ").trim();
      if (text) {
        button.setAttribute("aria-label", text);
      }
    });
  }

  /* Display maths wider than the column scrolls in its own box (CSS); mark the boxes that do
     scroll so they show edge shadows and can be scrolled with the keyboard. */
  function markScrollingMaths() {
    document.querySelectorAll('.bd-article mjx-container[display="true"]').forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle("cramp-scrolls", scrolls);
      if (scrolls) {
        box.setAttribute("tabindex", "0");
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
      }
    });
  }

  function watchMaths() {
    if (!document.querySelector(".bd-article .math")) {
      return;
    }
    var startup = window.MathJax && window.MathJax.startup && window.MathJax.startup.promise;
    if (startup) {
      startup.then(markScrollingMaths);
    } else {
      /* MathJax loads with "defer": wait for it. */
      window.addEventListener("load", function () {
        var promise = window.MathJax && window.MathJax.startup && window.MathJax.startup.promise;
        if (promise) {
          promise.then(markScrollingMaths);
        }
      });
    }
    var timer = null;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(markScrollingMaths, 150);
    });
  }

  /* On phones and tablets the chapter list and "On this page" open as dialogs (the theme's). A
     link to a section of the same page scrolls the page but left the dialog covering it: close
     the dialog first (the theme then puts its contents back in the sidebar). */
  function closeDialogsOnInPageLinks() {
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("dialog a[href]");
      if (!link) {
        return;
      }
      var dialog = link.closest("dialog");
      var url = new URL(link.href, window.location.href);
      if (dialog && dialog.open && url.pathname === window.location.pathname && url.hash) {
        dialog.close();
      }
    });
  }

  /* Figures (see _ext/figure_captions.py): "Enlarge", or a tap or click on the picture, opens the
     picture at its full pixel size in a dialog that scrolls both ways; Close or Escape returns to
     the figure. Without this script (or with a modifier key) the link opens the picture file. */
  function enlargeFigures() {
    if (!document.querySelector("figure.cramp-figure, figure.cramp-explorable") ||
        typeof HTMLDialogElement !== "function") {
      return;
    }
    var dialog = null;
    var title = null;
    var picture = null;
    var opener = null;

    function build() {
      dialog = document.createElement("dialog");
      dialog.className = "cramp-zoom";
      dialog.setAttribute("aria-labelledby", "cramp-zoom-title");
      dialog.innerHTML =
        '<div class="cramp-zoom-bar"><p class="cramp-zoom-title" id="cramp-zoom-title"></p>' +
        '<button type="button" class="cramp-zoom-close">Close</button></div>' +
        '<div class="cramp-zoom-body" tabindex="0" role="region" ' +
        'aria-label="The figure at full size (scroll to see all of it)"><img alt=""></div>';
      document.body.appendChild(dialog);
      title = dialog.querySelector(".cramp-zoom-title");
      picture = dialog.querySelector(".cramp-zoom-body > img");
      dialog.querySelector(".cramp-zoom-close").addEventListener("click", function () {
        dialog.close();
      });
      dialog.addEventListener("close", function () {
        document.documentElement.classList.remove("cramp-zoom-open");
        if (opener) {
          opener.focus();
        }
      });
    }

    function captionText(figure) {
      var heading = figure.querySelector(".cx-title");
      if (heading) {   /* an explorable figure: its title and the state shown */
        return heading.textContent.replace(/\s+/g, " ").trim();
      }
      var caption = figure.querySelector("figcaption > p");
      if (!caption) {
        return "Figure";
      }
      var text = "";
      caption.querySelectorAll(".caption-number, .caption-text").forEach(function (part) {
        text += part.textContent;
      });
      return text.replace(/\s+/g, " ").trim() || "Figure";
    }

    /* The picture of FIGURE: a static figure's image, or an explorable figure's current state
       (its Enlarge link always points at the wide picture of the state on show). */
    function open(figure) {
      var explorable = figure.classList.contains("cramp-explorable");
      var image = figure.querySelector(explorable ? "img.cx-image" : ":scope > img");
      var link = figure.querySelector("a.cramp-enlarge");
      if (!image || !link) {
        return false;
      }
      if (!dialog) {
        build();
      }
      opener = link;
      title.textContent = captionText(figure);
      var description = explorable && figure.querySelector(".cx-description");
      picture.alt = description ? description.textContent : image.alt;
      picture.src = link.href;
      document.documentElement.classList.add("cramp-zoom-open");
      dialog.showModal();
      dialog.querySelector(".cramp-zoom-body").scrollTo(0, 0);
      dialog.querySelector(".cramp-zoom-close").focus();
      return true;
    }

    document.addEventListener("click", function (event) {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
          event.shiftKey || event.altKey || !event.target.closest) {
        return;
      }
      var trigger = event.target.closest("figure.cramp-figure a.cramp-enlarge, figure.cramp-figure > img, " +
        "figure.cramp-explorable a.cramp-enlarge, figure.cramp-explorable img.cx-image");
      if (trigger && open(trigger.closest("figure.cramp-figure, figure.cramp-explorable"))) {
        event.preventDefault();
      }
    });
  }

  /* The search page (Sphinx's searchtools.js, loaded after this file; Search.init runs after this
     file's ready handler). Three fixes to what it shows:
     - a snippet comes from [role=main], which in this theme also holds the article's header
       buttons ("Binder", ".ipynb", ".md"): those and the other page chrome are left out;
     - the snippet is centred on the stemmed word ("tetani"), which the text never contains, so it
       fell back to the page's first words: the words the reader typed are looked for too;
     - a page found twice (a glossary term's index entry and its full text) is listed once, at
       its better-ranked result; a glossary term's snippet is its definition. */
  var SEARCH_CHROME = ".bd-header-article, .bd-sidebar-secondary, .bd-footer-article, " +
    ".prev-next-footer, .bd-footer-content, .onlyprint, .cramp-figure-tools, .headerlink";

  function typedWords() {
    var query = new URLSearchParams(window.location.search).get("q") || "";
    return query.toLowerCase().split(/[^\p{L}\p{N}_]+/u).filter(function (word) {
      return word && word[0] !== "-";
    });
  }

  function improveSearch() {
    if (typeof Search === "undefined" || Search.crampImproved) {
      return;
    }
    Search.crampImproved = true;
    var htmlToText = Search.htmlToText;
    Search.htmlToText = function (html, anchor) {
      var page = new DOMParser().parseFromString(html, "text/html");
      page.querySelectorAll(SEARCH_CHROME).forEach(function (element) {
        element.remove();
      });
      var target = anchor ? page.querySelector('[role="main"] ' + anchor) : null;
      if (target && target.tagName === "DT" && target.nextElementSibling) {
        return target.textContent + " " + target.nextElementSibling.textContent;
      }
      return htmlToText(page.documentElement.outerHTML, anchor);
    };
    var summary = Search.makeSearchSummary;
    Search.makeSearchSummary = function (html, keywords, anchor) {
      return summary(html, new Set(Array.from(keywords).concat(typedWords())), anchor);
    };
    var perform = Search._performSearch;
    Search._performSearch = function () {
      var results = perform.apply(Search, arguments);  // best last: the page shows them from the end
      var seen = new Set();
      var kept = [];
      for (var i = results.length - 1; i >= 0; i--) {
        var key = results[i][0] + "\n" + results[i][1];
        if (!seen.has(key)) {
          seen.add(key);
          kept.unshift(results[i]);
        }
      }
      return kept;
    };
  }

  whenReady(function () {
    improveSearch();
    nameSolutionToggles();
    watchMaths();
    closeDialogsOnInPageLinks();
    enlargeFigures();
  });
})();
