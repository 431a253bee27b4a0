/*
 * Wmo-assistent chat widget. One script tag embeds it:
 *   <script src=".../wmo-chat.js" data-gemeente="voorbeeldstad" data-bot-url="https://..." defer></script>
 * It talks to the Rasa REST channel, keeps the conversation in sessionStorage across page loads, and needs no
 * framework. data-gemeente is the gemeente's slug (config/gemeenten/<slug>.yml): every message carries it, so the
 * bot answers with that gemeente's facts; a gemeente the deployment does not serve gets a clear message here.
 * When the inwoner chats with a person of the loket, their messages arrive by a long poll, in the same log.
 * Under each answer: "Was dit antwoord nuttig?" with Ja and Nee, and after Nee a short choice of reasons; the press
 * goes to the bot's POST /webhooks/rest/feedback with the id of the message the answer belongs to.
 * Accessible (WCAG 2.1 AA): a launcher button with a Dutch name, messages in a polite live region,
 * focus into the dialog on open and back to the launcher on close, Escape closes, everything by keyboard.
 * Safe under a strict Content-Security-Policy: no inline script or style, no eval, and text the user or the bot
 * typed is always inserted as text, never as HTML.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script) {
    return;
  }
  var gemeente = script.getAttribute("data-gemeente") || "";
  var botUrl = (script.getAttribute("data-bot-url") || "").replace(/\/+$/, "");
  var base = new URL(".", script.src);
  var storeKey = "wmo-chat:" + (gemeente || "gemeente");
  var webhook = botUrl + "/webhooks/rest/webhook";
  var config = { naam: "", loket_naam: "het Wmo-loket", loket_telefoon: "" };
  // Settles when wmo-chat-config.json has arrived, failed, or taken longer than CONFIG_WAIT_MS: a message that the
  // bot cannot be reached waits for it, so it names the loket's number also on a slow connection.
  var CONFIG_WAIT_MS = 3000;
  var configLoaded = null;

  function load() {
    try {
      var saved = JSON.parse(window.sessionStorage.getItem(storeKey) || "null");
      if (saved && typeof saved.sender === "string" && Array.isArray(saved.messages)) {
        return saved;
      }
    } catch (e) {
      /* a damaged or blocked store starts a new conversation */
    }
    return { sender: newSender(), messages: [], open: false };
  }

  function newSender() {
    if (window.crypto && window.crypto.randomUUID) {
      return "web-" + window.crypto.randomUUID();
    }
    return "web-" + Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  function save() {
    try {
      window.sessionStorage.setItem(storeKey, JSON.stringify(state));
    } catch (e) {
      /* private mode or a full store: the conversation still works, it is just not kept */
    }
  }

  var state = load();

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  // Text with links: web addresses and e-mail addresses become links; everything else stays text.
  var LINK = /(https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)]|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;

  function appendText(parent, text) {
    var lines = String(text).split("\n");
    lines.forEach(function (line, index) {
      if (index > 0) {
        parent.appendChild(document.createElement("br"));
      }
      var last = 0;
      line.replace(LINK, function (match, _group, offset) {
        parent.appendChild(document.createTextNode(line.slice(last, offset)));
        var link = el("a", "wmo-link", match);
        if (match.indexOf("@") > 0 && match.indexOf("://") < 0) {
          link.href = "mailto:" + match;
        } else {
          link.href = match;
          link.target = "_blank";
          link.rel = "noopener noreferrer";
          link.appendChild(el("span", "wmo-sr-only", " (opent in een nieuw venster)"));
        }
        parent.appendChild(link);
        last = offset + match.length;
        return match;
      });
      parent.appendChild(document.createTextNode(line.slice(last)));
    });
  }

  function clock(iso) {
    var date = new Date(iso);
    var hh = String(date.getHours()).padStart(2, "0");
    var mm = String(date.getMinutes()).padStart(2, "0");
    return hh + ":" + mm;
  }

  // --- the page elements --------------------------------------------------------------------------------
  var root = el("div", "wmo-chat");
  var launcher = el("button", "wmo-launcher", "Chat met de Wmo-assistent");
  launcher.type = "button";
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "wmo-chat-dialog");

  var dialog = el("section", "wmo-dialog");
  dialog.id = "wmo-chat-dialog";
  dialog.setAttribute("role", "dialog");
  dialog.setAttribute("aria-labelledby", "wmo-chat-title");
  dialog.hidden = true;

  var header = el("div", "wmo-header");
  var title = el("h2", "wmo-title", "Wmo-assistent");
  title.id = "wmo-chat-title";
  var restart = el("button", "wmo-restart", "Nieuw gesprek");
  restart.type = "button";
  var close = el("button", "wmo-close", "Sluiten");
  close.type = "button";
  close.setAttribute("aria-label", "Chat sluiten");
  header.appendChild(title);
  header.appendChild(restart);
  header.appendChild(close);

  var intro = el("p", "wmo-intro", "U chat met een computerprogramma, niet met een mens. Deel hier geen " +
    "burgerservicenummer (BSN).");

  var log = el("div", "wmo-log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.setAttribute("aria-label", "Gesprek");
  log.tabIndex = 0;

  var typing = el("p", "wmo-typing");
  typing.setAttribute("role", "status");
  var typingText = el("span", "wmo-typing-text", "");

  typing.appendChild(typingText);

  var form = el("form", "wmo-form");
  var label = el("label", "wmo-label", "Uw bericht");
  label.htmlFor = "wmo-chat-input";
  var input = el("input", "wmo-input");
  input.id = "wmo-chat-input";
  input.type = "text";
  input.autocomplete = "off";
  input.maxLength = 2000;
  var send = el("button", "wmo-send", "Versturen");
  send.type = "submit";
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(send);

  dialog.appendChild(header);
  dialog.appendChild(log);
  dialog.appendChild(typing);
  dialog.appendChild(form);
  root.appendChild(launcher);
  root.appendChild(dialog);

  // --- messages -------------------------------------------------------------------------------------------
  function render(message, isLast) {
    var item = el("div", "wmo-msg wmo-msg--" + message.from + (message.error ? " wmo-msg--error" : ""));
    if (message.from === "medewerker") {
      // a person of the loket: their first name and desk, shown and read out
      item.appendChild(el("span", "wmo-afzender", message.afzender + ":"));
    } else {
      item.appendChild(el("span", "wmo-sr-only", message.from === "user" ? "U: " : "Assistent: "));
    }
    var body = el("p", "wmo-text");
    appendText(body, message.text);
    item.appendChild(body);
    var time = el("time", "wmo-time", clock(message.at));
    time.dateTime = message.at;
    item.appendChild(time);
    // the feedback before the choices: the next step stays nearest to the input, also for the keyboard
    if (message.feedback && message.antwoordOp) {
      item.appendChild(feedbackBlock(message));
    }
    if (isLast && message.buttons && message.buttons.length) {
      item.appendChild(choices(message.buttons));
    }
    return item;
  }

  // --- "Was dit antwoord nuttig?" (issue 28) ----------------------------------------------------------------
  var feedbackUrl = botUrl + "/webhooks/rest/feedback";
  var REDENEN = [["geen_antwoord", "Geen antwoord op mijn vraag"], ["onduidelijk", "Niet duidelijk"],
                 ["klopt_niet", "Klopt niet"], ["anders", "Iets anders"]];
  var BEDANKT = "Bedankt voor uw reactie.";
  var NIET_BEWAARD = "Uw reactie is niet bewaard. Probeer het later nog eens.";

  function sendFeedback(message, nuttig, reden) {
    var body = { sender: state.sender, antwoord_op: message.antwoordOp, nuttig: nuttig };
    if (reden) {
      body.reden = reden;
    }
    if (gemeente) {
      body.metadata = { gemeente: gemeente };
    }
    return window.fetch(feedbackUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Conversation-Id": state.sender },
      body: JSON.stringify(body),
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("status " + response.status);
      }
    });
  }

  // message.feedback: "open" (not asked yet), "nee" (asked why), "klaar"
  function feedbackBlock(message) {
    var block = el("div", "wmo-feedback");
    var status = el("p", "wmo-feedback-status");
    status.tabIndex = -1;
    function settle(next, focusFirst) {
      message.feedback = next;
      save();
      var fresh = feedbackBlock(message);
      block.parentNode.replaceChild(fresh, block);
      var target = focusFirst ? fresh.querySelector("button") : fresh.querySelector(".wmo-feedback-status");
      if (target) {
        target.focus();
      }
    }
    function press(nuttig, reden, next) {
      return function () {
        sendFeedback(message, nuttig, reden).then(function () {
          settle(next, next === "nee");
        }).catch(function () {
          status.textContent = NIET_BEWAARD;
          status.focus();
        });
      };
    }
    if (message.feedback === "klaar") {
      status.textContent = BEDANKT;
      block.appendChild(status);
      return block;
    }
    var group = el("div", "wmo-feedback-choices");
    group.setAttribute("role", "group");
    var question = el("span", "wmo-feedback-question",
      message.feedback === "nee" ? "Bedankt. Wat was er niet goed? (mag u overslaan)" : "Was dit antwoord nuttig?");
    question.id = "wmo-fb-" + message.antwoordOp;
    group.setAttribute("aria-labelledby", question.id);
    group.appendChild(question);
    var options = message.feedback === "nee" ? REDENEN.map(function (r) {
      return [r[1], press(false, r[0], "klaar")];
    }) : [["Ja", press(true, null, "klaar")], ["Nee", press(false, null, "nee")]];
    options.forEach(function (option) {
      var button = el("button", "wmo-feedback-button", option[0]);
      button.type = "button";
      button.addEventListener("click", option[1]);
      group.appendChild(button);
    });
    block.appendChild(group);
    block.appendChild(status);
    return block;
  }

  function choices(buttons) {
    var group = el("div", "wmo-choices");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Kies een antwoord");
    buttons.forEach(function (button) {
      var choice = el("button", "wmo-choice", button.title);
      choice.type = "button";
      choice.addEventListener("click", function () {
        ask(button.payload, button.title);
      });
      group.appendChild(choice);
    });
    return group;
  }

  function redraw() {
    while (log.firstChild) {
      log.removeChild(log.firstChild);
    }
    log.appendChild(intro);  // first in the log, so on a small screen it scrolls away with the conversation
    state.messages.forEach(function (message, index) {
      log.appendChild(render(message, index === state.messages.length - 1));
    });
    log.scrollTop = log.scrollHeight;
  }

  function add(message) {
    var previous = log.lastElementChild;
    if (previous) {
      var old = previous.querySelector(".wmo-choices");
      if (old) {
        old.parentNode.removeChild(old);  // only the newest answer offers choices
      }
    }
    state.messages.push(message);
    save();
    log.appendChild(render(message, true));
    log.scrollTop = log.scrollHeight;
  }

  function now() {
    return new Date().toISOString();
  }

  function unreachable() {
    var loket = config.loket_telefoon ? " Of bel " + config.loket_naam + ": " + config.loket_telefoon + "." : "";
    return "De assistent is nu niet bereikbaar. Probeer het later nog eens." + loket;
  }

  // Adds the "not reachable" message once the config is there (or given up on), with the loket's number.
  function addUnreachable() {
    var wait = new Promise(function (resolve) {
      window.setTimeout(resolve, CONFIG_WAIT_MS);
    });
    return Promise.race([configLoaded || Promise.resolve(), wait]).then(function () {
      add({ from: "bot", text: unreachable(), error: true, at: now() });
    });
  }

  // nginx's rate limit in the scale-out profile answers 429
  var TE_SNEL = "U stuurt veel berichten kort na elkaar. Wacht een paar seconden en stuur uw bericht dan opnieuw.";
  // The chat does not serve the gemeente of data-gemeente (the bot answers 400, the config 404): a fault of the
  // website, not of the inwoner. Nothing is answered with another gemeente's facts.
  var NIET_INGESTELD = "Deze chat is op deze website niet goed ingesteld. Ik kan uw vraag daarom niet " +
    "beantwoorden. Neem contact op met uw gemeente.";
  // The conversation belongs to another gemeente (409): only when the page's data-gemeente changed.
  var ANDERE_GEMEENTE = "Dit gesprek hoort bij een andere gemeente. Kies 'Nieuw gesprek' om opnieuw te beginnen.";
  var misconfigured = false;

  var busy = false;
  var waiting = [];  // messages sent while the bot is still answering: sent in turn, never dropped

  // Sends `payload` (typed text, or a button's payload); `shown` is what the log shows as the user's message
  // (null for the greeting the widget asks for itself).
  function ask(payload, shown) {
    if (!String(payload).trim()) {
      return;
    }
    if (busy) {
      waiting.push([payload, shown]);
      return;
    }
    busy = true;
    if (shown !== null) {
      add({ from: "user", text: shown, at: now() });
    }
    typing.classList.add("wmo-typing--on");
    typingText.textContent = "De assistent schrijft een antwoord.";
    var body = { sender: state.sender, message: payload };
    if (gemeente) {
      body.metadata = { gemeente: gemeente };
    }
    window.fetch(webhook, {
      method: "POST",
      // X-Conversation-Id: a load balancer sends every message of this conversation to the same Rasa server
      headers: { "Content-Type": "application/json", "X-Conversation-Id": state.sender },
      body: JSON.stringify(body),
    }).then(function (response) {
      if (!response.ok) {
        var known = { 429: TE_SNEL, 400: NIET_INGESTELD, 409: ANDERE_GEMEENTE };
        throw new Error(known[response.status] || "status " + response.status);
      }
      return response.json();
    }).then(function (replies) {
      var answered = false;
      (replies || []).forEach(function (reply) {
        var handover = reply.custom && reply.custom.overdracht;
        if (handover) {
          answered = true;  // handed to a person (id), or passed on to them (doorgegeven): they answer by the poll
          if (handover.id && !state.overdracht) {
            state.overdracht = { cursor: 0 };
            save();
            pollHandover(state.sender);
          }
        } else if (reply.text || (reply.buttons && reply.buttons.length)) {
          add({ from: "bot", text: reply.text || "", buttons: reply.buttons || [], at: now(),
                antwoordOp: shown === null ? undefined : reply.antwoord_op,
                feedback: reply.feedback && shown !== null ? "open" : undefined });
          answered = true;
        }
      });
      if (!answered) {
        return addUnreachable();
      }
    }).catch(function (error) {
      if ([TE_SNEL, NIET_INGESTELD, ANDERE_GEMEENTE].indexOf(error.message) >= 0) {
        add({ from: "bot", text: error.message, error: true, at: now() });
        return;
      }
      return addUnreachable();
    }).then(function () {
      busy = false;
      typing.classList.remove("wmo-typing--on");
      typingText.textContent = "";
      if (waiting.length) {
        ask.apply(null, waiting.shift());
      }
    });
  }

  // --- a person of the loket has the conversation (issue 27) -----------------------------------------------
  // A long poll of the bot's REST channel: what the employee writes, that they took or ended the chat. New messages
  // go into the same log, so the live region announces them. The poll stops when the handover ends, or when
  // "Nieuw gesprek" starts another conversation; after a page load it starts again from the kept cursor.
  var handoverUrl = botUrl + "/webhooks/rest/overdracht";
  var POLL_RETRY_MS = 3000;

  function pollHandover(sender) {
    if (!state.overdracht || state.sender !== sender) {
      return;
    }
    var url = handoverUrl + "?sender=" + encodeURIComponent(sender) + "&na=" + state.overdracht.cursor;
    window.fetch(url, { headers: { "X-Conversation-Id": sender } }).then(function (response) {
      if (!response.ok) {
        throw new Error("status " + response.status);
      }
      return response.json();
    }).then(function (data) {
      if (state.sender !== sender || !state.overdracht) {
        return;
      }
      (data.berichten || []).forEach(function (message) {
        add({ from: message.afzender ? "medewerker" : "bot", afzender: message.afzender || "",
              text: message.text || "", buttons: message.buttons || [], at: now() });
      });
      state.overdracht.cursor = data.cursor;
      if (!data.actief) {
        state.overdracht = null;
      }
      save();
      if (data.actief) {
        window.setTimeout(function () { pollHandover(sender); }, data.storing ? POLL_RETRY_MS : 0);
      }
    }).catch(function () {
      window.setTimeout(function () { pollHandover(sender); }, POLL_RETRY_MS);
    });
  }

  // --- opening, closing, keys -----------------------------------------------------------------------------
  function open(moveFocus) {
    dialog.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    root.classList.add("wmo-chat--open");
    state.open = true;
    save();
    if (misconfigured) {
      if (!state.messages.length) {
        add({ from: "bot", text: NIET_INGESTELD, error: true, at: now() });
      }
    } else if (!state.messages.length) {
      ask("/greet", null);
    }
    if (moveFocus) {
      input.focus();
    }
  }

  function shut() {
    dialog.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    root.classList.remove("wmo-chat--open");
    state.open = false;
    save();
    launcher.focus();
  }

  launcher.addEventListener("click", function () {
    if (dialog.hidden) {
      open(true);
    } else {
      shut();
    }
  });
  close.addEventListener("click", shut);
  dialog.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      event.preventDefault();
      shut();
    }
  });
  restart.addEventListener("click", function () {
    state = { sender: newSender(), messages: [], open: true };
    save();
    redraw();
    ask("/greet", null);
    input.focus();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    if (!text.trim()) {
      input.focus();
      return;
    }
    input.value = "";
    ask(text, text);
    input.focus();
  });

  function start() {
    var configUrl = new URL("wmo-chat-config.json", base);
    if (gemeente) {
      configUrl.searchParams.set("gemeente", gemeente);
    }
    configLoaded = window.fetch(configUrl.href).then(function (response) {
      misconfigured = response.status === 404;
      return response.ok ? response.json() : null;
    }).then(function (loaded) {
      if (loaded) {
        config = loaded;
        title.textContent = "Wmo-assistent van gemeente " + loaded.naam;
      }
    }).catch(function () {
      /* without the config the widget still works; the loket number is then not shown */
    });
    document.body.appendChild(root);
    redraw();
    if (state.open) {
      open(false);
    }
    if (state.overdracht) {
      pollHandover(state.sender);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
