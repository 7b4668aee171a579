/*
 * The part of jQuery UI's tabs widget that modeltranslation's admin uses:
 * $(el).tabs({active: n}), $(el).tabs("option", "active", n) and the
 * "tabsactivate" event, with jQuery UI's class names (modeltranslation's CSS
 * styles them) and WAI-ARIA tab roles. Served from the project's own static
 * files so the language tabs work on closed networks (no CDN).
 */
(function ($) {
  "use strict";
  if (!$ || $.fn.tabs) return;

  function setup($container, active) {
    var $nav = $container.children("ul").first();
    var $tabs = $nav.children("li");
    $container.addClass("ui-tabs ui-widget ui-widget-content ui-corner-all");
    $nav.addClass("ui-tabs-nav ui-helper-reset ui-helper-clearfix ui-widget-header")
      .attr("role", "tablist");
    $tabs.each(function () {
      var $tab = $(this);
      var $anchor = $tab.children("a").first();
      var panelId = ($anchor.attr("href") || "").replace(/^#/, "");
      var $panel = $container.children().filter(function () { return this.id === panelId; });
      $tab.addClass("ui-tabs-tab ui-state-default ui-corner-top").attr("role", "presentation");
      $anchor.addClass("ui-tabs-anchor").attr({
        role: "tab", id: panelId + "-tab", "aria-controls": panelId
      });
      $panel.addClass("ui-tabs-panel ui-widget-content ui-corner-bottom").attr({
        role: "tabpanel", "aria-labelledby": panelId + "-tab"
      });
      $tab.data("uiTabsPanel", $panel);
    });
    $container.data("uiTabs", { active: -1 });
    $nav.on("click", "a.ui-tabs-anchor", function (event) {
      event.preventDefault();
      choose($container, $(this).parent().index());
    });
    $nav.on("keydown", "a.ui-tabs-anchor", function (event) {
      var step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
      if (!step) return;
      event.preventDefault();
      var count = $tabs.length;
      var next = ($(this).parent().index() + step + count) % count;
      choose($container, next);
      $tabs.eq(next).children("a").trigger("focus");
    });
    activate($container, active || 0, false);
  }

  // A translator picking a language on one field wants it on every field:
  // the other tab groups follow (jQuery UI itself would leave them).
  function choose($container, index) {
    activate($container, index, true);
    $(".ui-tabs").not($container).each(function () {
      activate($(this), index, false);
    });
  }

  function activate($container, index, notify) {
    var state = $container.data("uiTabs");
    var $tabs = $container.children("ul").first().children("li");
    if (!state || isNaN(index) || index < 0 || index >= $tabs.length) return;
    var previous = state.active;
    $tabs.each(function (i) {
      var selected = i === index;
      var $tab = $(this);
      $tab.toggleClass("ui-tabs-active ui-state-active ui-tabs-selected", selected);
      $tab.children("a").attr({ "aria-selected": String(selected), tabindex: selected ? 0 : -1 });
      $tab.data("uiTabsPanel").attr("aria-hidden", String(!selected)).toggle(selected);
    });
    state.active = index;
    if (notify && previous !== index) {
      $container.trigger("tabsactivate", [{
        newTab: $tabs.eq(index), oldTab: $tabs.eq(previous),
        newPanel: $tabs.eq(index).data("uiTabsPanel"),
        oldPanel: previous >= 0 ? $tabs.eq(previous).data("uiTabsPanel") : $()
      }]);
    }
  }

  $.fn.tabs = function (options, name, value) {
    return this.each(function () {
      var $container = $(this);
      if (typeof options === "string") {
        if (options === "option" && name === "active" && value !== undefined) {
          activate($container, parseInt(value, 10), true);
        }
        return;
      }
      if (!$container.data("uiTabs")) setup($container, (options || {}).active);
    });
  };
})(window.django && window.django.jQuery ? window.django.jQuery : window.jQuery);
