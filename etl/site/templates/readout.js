(function () {
  "use strict";
  var body = document.getElementById("row-body");
  var pinned = null;
  function table(title, row) {
    var t = document.createElement("table");
    var cap = document.createElement("caption");
    cap.textContent = title;
    t.appendChild(cap);
    Object.keys(row).forEach(function (k) {
      var tr = document.createElement("tr");
      var th = document.createElement("th");
      th.scope = "row";
      th.textContent = k;
      var td = document.createElement("td");
      td.textContent = row[k] === null ? "" : String(row[k]);
      tr.appendChild(th);
      tr.appendChild(td);
      t.appendChild(tr);
    });
    return t;
  }
  function show(el) {
    body.replaceChildren(table("statements", JSON.parse(el.dataset.row)));
    if (el.dataset.agreement) body.appendChild(table("agreements", JSON.parse(el.dataset.agreement)));
    var link = el.querySelector("a.tag");
    if (link) {
      var p = document.createElement("p");
      var a = document.createElement("a");
      a.href = link.getAttribute("href");
      a.textContent = "Open this row in Datasette";
      p.appendChild(a);
      body.appendChild(p);
    }
  }
  function select(el) {
    if (pinned) pinned.classList.remove("selected");
    pinned = el;
    el.classList.add("selected");
    show(el);
  }
  document.querySelectorAll(".st").forEach(function (el) {
    el.addEventListener("mouseenter", function () { if (!pinned) show(el); });
    el.addEventListener("mouseleave", function () { if (pinned) show(pinned); });
    el.querySelector(".st-text").addEventListener("click", function () { select(el); });
    var tag = el.querySelector(".tag");
    tag.addEventListener("focus", function () { select(el); });
    if (tag.tagName === "BUTTON") tag.addEventListener("click", function () { select(el); });
  });
  var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (target) {
    var st = target.closest(".st");
    if (st) select(st);
  }
})();
