/* The phone header: the sections panel behind the menu button (Esc closes it, the keyboard's
   focus stays inside while it is open, and returns to the button when it closes) and the
   search form behind its icon.  On wider screens both buttons are hidden by the stylesheet. */
(function () {
  "use strict";
  var menuButton = document.querySelector("[data-menu-button]");
  var menu = document.querySelector("[data-site-menu]");
  var masthead = document.querySelector("[data-masthead]");
  var searchToggle = document.querySelector("[data-search-toggle]");
  if (!menuButton || !menu) return;

  function focusable() {
    return Array.prototype.filter.call(menu.querySelectorAll("a[href], button"), function (el) {
      return el.offsetParent !== null;
    });
  }
  function openMenu() {
    menu.classList.add("is-open");
    document.body.classList.add("menu-open");
    menuButton.setAttribute("aria-expanded", "true");
    menu.setAttribute("role", "dialog");
    menu.setAttribute("aria-modal", "true");
    var items = focusable();
    if (items.length) items[0].focus();
  }
  function closeMenu(returnFocus) {
    if (!menu.classList.contains("is-open")) return;
    menu.classList.remove("is-open");
    document.body.classList.remove("menu-open");
    menuButton.setAttribute("aria-expanded", "false");
    menu.removeAttribute("role");
    menu.removeAttribute("aria-modal");
    if (returnFocus) menuButton.focus();
  }
  menuButton.addEventListener("click", function () {
    if (menu.classList.contains("is-open")) closeMenu(true); else openMenu();
  });
  var close = menu.querySelector("[data-menu-close]");
  if (close) close.addEventListener("click", function () { closeMenu(true); });
  // A tap on the shaded page beside the panel closes it.
  document.addEventListener("click", function (event) {
    if (menu.classList.contains("is-open") && !menu.contains(event.target) && !menuButton.contains(event.target)) closeMenu(false);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      if (menu.classList.contains("is-open")) { event.preventDefault(); closeMenu(true); return; }
      if (masthead && masthead.classList.contains("is-searching")) { event.preventDefault(); closeSearch(true); }
      return;
    }
    if (event.key !== "Tab" || !menu.classList.contains("is-open")) return;
    var items = focusable();
    if (!items.length) return;
    var first = items[0], last = items[items.length - 1];
    if (event.shiftKey && (document.activeElement === first || !menu.contains(document.activeElement))) {
      event.preventDefault(); last.focus();
    } else if (!event.shiftKey && (document.activeElement === last || !menu.contains(document.activeElement))) {
      event.preventDefault(); first.focus();
    }
  });

  function closeSearch(returnFocus) {
    masthead.classList.remove("is-searching");
    searchToggle.setAttribute("aria-expanded", "false");
    if (returnFocus) searchToggle.focus();
  }
  if (searchToggle && masthead) {
    searchToggle.addEventListener("click", function () {
      if (masthead.classList.contains("is-searching")) { closeSearch(false); return; }
      masthead.classList.add("is-searching");
      searchToggle.setAttribute("aria-expanded", "true");
      var input = masthead.querySelector(".search-box input[type=search]");
      if (input) input.focus();
    });
  }
})();
