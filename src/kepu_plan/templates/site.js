// kepu-plan site: filter the plan's tasks by unit as you type. Without JavaScript the unit pages
// are the filter (the list under 各单位任务), so nothing here is needed to read any page.
// No template syntax and no data in this file: it is the same for every plan.
(function () {
  "use strict";
  var box = document.getElementById("kp_filter");
  var input = document.getElementById("kp_filter_input");
  var status = document.getElementById("kp_filter_status");
  if (!box || !input || !status) {
    return;
  }
  var tasks = Array.prototype.slice.call(document.querySelectorAll(".kp-task[data-units]"));
  var units = Array.prototype.slice.call(document.querySelectorAll(".kp-unit-list li[data-units]"));
  box.hidden = false;

  function matches(element, query) {
    return query === "" || (element.getAttribute("data-units") || "").indexOf(query) !== -1;
  }

  function apply() {
    var query = input.value.replace(/\s+/g, "");
    var shown = 0;
    tasks.forEach(function (task) {
      var keep = matches(task, query);
      task.hidden = !keep;
      if (keep) {
        shown += 1;
      }
    });
    units.forEach(function (unit) {
      unit.hidden = !matches(unit, query);
    });
    status.textContent = query === ""
      ? "共 " + tasks.length + " 项任务"
      : "“" + query + "”：显示 " + shown + " 项任务（共 " + tasks.length + " 项）";
  }

  // index.html?unit=市科协 opens the plan filtered: a link to one unit's view of the whole plan
  var given = /[?&]unit=([^&#]*)/.exec(window.location.search);
  if (given) {
    try {
      input.value = decodeURIComponent(given[1].replace(/\+/g, " "));
    } catch (error) {
      input.value = "";
    }
  }
  input.addEventListener("input", apply);
  apply();
})();
