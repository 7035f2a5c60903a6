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

  whenReady(function () {
    nameSolutionToggles();
    watchMaths();
    closeDialogsOnInPageLinks();
  });
})();
