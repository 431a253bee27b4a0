/* Live updates of the staff chat pages (api/overdracht_pages.py); the pages also work without this file.
   The chat page: a long poll of /nieuws adds new messages to the log (role=log, announced by screen readers) and
   keeps the chat with this employee; the message form sends without reloading and keeps the text on failure.
   The queue page: the list is fetched again every 5 seconds. Text is always set with textContent, never as HTML. */
(function () {
  "use strict";

  function tijd(iso) {
    var d = new Date(iso);
    return d.toLocaleString("nl-NL", { weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" });
  }

  function regel(e) {
    var li = document.createElement("li");
    li.className = "regel regel-" + e.van;
    var wie = document.createElement("span");
    wie.className = "wie";
    var tekst = document.createElement("span");
    tekst.className = "tekst";
    if (e.soort === "bericht") {
      wie.textContent = (e.van === "inwoner" ? "Inwoner" : e.naam + " (medewerker)") + ", " + tijd(e.moment) + ":";
      tekst.textContent = e.tekst;
    } else {
      wie.textContent = tijd(e.moment) + ":";
      tekst.textContent = {
        genomen: e.naam + " nam de chat over.",
        terug: "Terug in de wachtrij." + (e.tekst ? " Notitie: " + e.tekst : ""),
        beeindigd: "De chat is beëindigd.",
        verlopen: "Niemand nam de chat op tijd over."
      }[e.soort] || "";
    }
    li.appendChild(wie);
    li.appendChild(document.createTextNode(" "));
    li.appendChild(tekst);
    return li;
  }

  function status(text) {
    var el = document.getElementById("chat-status");
    if (el) { el.textContent = text; }
  }

  function chat(log) {
    var cursor = Number(log.getAttribute("data-cursor")) || 0;
    var url = log.getAttribute("data-nieuws");
    var form = document.getElementById("bericht-form");
    var fout = document.getElementById("bericht-fout");
    var laatste = document.getElementById("chat-status").getAttribute("data-status");

    function poll() {
      fetch(url + "?na=" + cursor, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) {
          if (!r.ok || (r.headers.get("content-type") || "").indexOf("application/json") < 0) { throw r; }
          return r.json();
        })
        .then(function (data) {
          data.gebeurtenissen.forEach(function (e) { log.appendChild(regel(e)); cursor = e.id; });
          if (data.status !== laatste) {
            if (data.status !== "actief" || !data.van_mij) {
              if (form) { form.closest("section").hidden = true; }
              status(data.status === "wachtend" ? "Deze chat staat weer in de wachtrij." :
                     data.status === "actief" ? "Een collega chat nu met deze inwoner." : "Deze chat is afgelopen.");
            }
            laatste = data.status;
          }
          window.setTimeout(poll, 50);
        })
        .catch(function () {
          status("Uw sessie is verlopen of de verbinding is weg. Laad de pagina opnieuw; log zo nodig opnieuw in.");
          if (form) { form.querySelector("button").disabled = true; }
        });
    }

    if (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var veld = form.querySelector("textarea");
        fout.hidden = true;
        fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin",
                             headers: { Accept: "application/json" } })
          .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
          .then(function (res) {
            if (!res.ok) { throw new Error(res.body.fout || "Niet verstuurd."); }
            veld.value = "";
            veld.focus();
          })
          .catch(function (e) {
            fout.textContent = (e && e.message) ? e.message : "Niet verstuurd. Uw tekst staat er nog.";
            fout.hidden = false;
          });
      });
    }
    poll();
  }

  function wachtrij(box) {
    window.setInterval(function () {
      fetch(box.getAttribute("data-ververs"), { credentials: "same-origin" })
        .then(function (r) { if (!r.ok) { throw r; } return r.text(); })
        .then(function (html) {
          var nieuw = new DOMParser().parseFromString(html, "text/html").getElementById("wachtrij");
          if (nieuw) {
            var oud = document.getElementById("wachtrij");
            var focus = document.activeElement && oud.contains(document.activeElement);
            if (!focus) { oud.replaceWith(nieuw); }
          }
        })
        .catch(function () { /* the next round tries again */ });
    }, 5000);
  }

  var log = document.getElementById("berichten");
  if (log) { chat(log); }
  var box = document.getElementById("wachtrij");
  if (box) { wachtrij(box); }
})();
