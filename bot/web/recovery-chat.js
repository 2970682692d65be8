/*
 * Recovery chat widget: a small chat over Rasa's socket.io channel.
 *
 * Operators embed it with one script tag and one call (see docs/widget.md):
 *   <script src="https://chat.example.org/recovery-chat.js"></script>
 *   <script>RecoveryChat.init({server: "https://bot.example.org", container: "#chat"});</script>
 *
 * bot/web/build.py bundles this file with the Socket.IO client (bot/web/vendor) and the crisis
 * lines (from bot/knowledge/crisis_lines.yml: each line's name, wording,
 * number and tel:/sms: links, as data) into one file, so "Get help now"
 * works even when the server is down.
 *
 * Rules this file keeps, because people may read it in distress and messages
 * may carry anything:
 * - text reaches the page only through textContent / createTextNode, never
 *   innerHTML, so no markup from a message is ever run or rendered;
 * - links are made only for https:, tel: and sms:, with rel="noopener noreferrer";
 * - the way to crisis help never depends on the server.
 */
(function (global, io, crisis) {
  "use strict";

  // Read now: during init() currentScript is the operator's inline script.
  var SCRIPT_SRC = document.currentScript ? document.currentScript.src : "";
  var STORAGE_KEY = "recovery-chat:v1";
  var MAX_STORED_MESSAGES = 200;
  // Rasa sends a reply as several messages; keep the typing indicator up
  // between them instead of letting it flicker.
  var TYPING_GRACE_MS = 700;
  // After this long without any reply, say so instead of "typing" forever.
  var REPLY_TIMEOUT_MS = 30000;
  var HTTPS_URL = /(https:\/\/[^\s<>"'`]+)/;
  var TRAILING_PUNCTUATION = /[.,;:!?)\]}'"]+$/;
  var instanceCount = 0;
  var crisisLines = crisis.lines;

  var DEFAULTS = {
    server: "",                 // Rasa's URL, e.g. "https://bot.example.org"
    container: null,            // element or CSS selector the widget goes into
    title: "Recovery support assistant",
    storage: "session",         // "session": forgotten when the tab closes; "local": kept
    metadata: {},               // sent with every message (Rasa's `metadata`)
    socketPath: "/socket.io/",
    // Long polling first, then the upgrade to WebSocket: works behind proxies
    // that block WebSocket. ["websocket"] suits several Rasa instances behind
    // a load balancer without sticky sessions.
    transports: ["polling", "websocket"],
    greetIntent: "/greet",      // asked for silently when a conversation starts
    stylesheet: true            // true: load recovery-chat.css next to this script
  };

  var TEXT = {
    subtitle: "An automated assistant, not a counselor. Not for emergencies.",
    helpButton: "Get help now",
    helpTitle: "In danger or in crisis? Reach a person now",
    linesTitle: "Crisis lines",   // followed by the lines' country: "Crisis lines (United States)"
    helpNote: "Free and confidential. In another country, call your local emergency number.",
    noLines: "Call your local emergency number.",
    inputLabel: "Your message",
    placeholder: "Ask about AA, SMART Recovery, coping\u2026",
    send: "Send",
    startOver: "Start over",
    del: "Delete my conversation",
    delConfirm: "Delete this conversation from this device?",
    delYes: "Yes, delete",
    delNo: "Cancel",
    deleted: "Your conversation was cleared from this device.",
    typing: "The assistant is typing",
    you: "You said:",
    bot: "Assistant said:",
    replies: "Suggested replies",
    connecting: "Connecting to the assistant\u2026",
    unreachable: "Can't reach the assistant right now. Trying again by itself. Anything you type stays in the box. If you are in danger, use \u201cGet help now\u201d.",
    keptDraft: "Not sent yet: the assistant can't be reached. Your message is still in the box; press Send once it is back.",
    back: "Connected again.",
    backWithDraft: "Connected again. Press Send to send your message.",
    refused: "The assistant could not take that message. Please try again, perhaps shorter.",
    noReply: "No answer came back. Please try again in a moment. If you are in danger, use \u201cGet help now\u201d."
  };

  /* ---------- small DOM helpers (text only, never HTML) ---------- */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") { node.textContent = attrs[name]; } else { node.setAttribute(name, attrs[name]); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }

  function button(text, className) {
    return el("button", { type: "button", "class": className, text: text });
  }

  /** An <a> for an allowed URL only (https:, tel:, sms:), else null. */
  function safeLink(href, text) {
    var url;
    try { url = new URL(href); } catch (e) { return null; }
    if (["https:", "tel:", "sms:"].indexOf(url.protocol) < 0) { return null; }
    var a = el("a", { href: url.href, rel: "noopener noreferrer", text: text });
    // New tab for web pages only: a tel:/sms: link in a new tab leaves an empty tab behind.
    if (url.protocol === "https:") { a.target = "_blank"; }
    return a;
  }

  /* ---------- message text: escaped, with safe links ---------- */

  // Crisis numbers in bot text become tappable with their line's first link,
  // as in the panel. Longest first: "1-800-662-4357" before a number inside it.
  var CRISIS_NUMBERS = crisisLines.map(function (line) {
    return { number: line.number, href: line.links[0].href };
  }).sort(function (a, b) { return b.number.length - a.number.length; });

  /** A letter, digit, "_" or "-": a number next to one is part of a longer word or number. */
  function joins(ch) { return ch === "-" || ch === "_" || /^[0-9A-Za-z]$/.test(ch); }

  /** The first crisis number in `text` that stands alone: {index, number, href}, or null. */
  function findCrisisNumber(text) {
    for (var i = 0; i < text.length; i++) {
      if (i > 0 && joins(text.charAt(i - 1))) { continue; }
      for (var k = 0; k < CRISIS_NUMBERS.length; k++) {
        var n = CRISIS_NUMBERS[k];
        if (text.substr(i, n.number.length) === n.number && !joins(text.charAt(i + n.number.length))) {
          return { index: i, number: n.number, href: n.href };
        }
      }
    }
    return null;
  }

  function appendPlain(fragment, text) {
    var rest = text;
    var found;
    while ((found = findCrisisNumber(rest))) {
      fragment.appendChild(document.createTextNode(rest.slice(0, found.index)));
      fragment.appendChild(safeLink(found.href, found.number));
      rest = rest.slice(found.index + found.number.length);
    }
    fragment.appendChild(document.createTextNode(rest));
  }

  /**
   * A message's text as DOM nodes: plain text, https:// addresses as links
   * that open safely, crisis numbers as tel:/sms: links. Nothing else.
   */
  function formatText(text) {
    var fragment = document.createDocumentFragment();
    String(text).split(HTTPS_URL).forEach(function (part, i) {
      if (i % 2 === 0) { appendPlain(fragment, part); return; }
      var trailing = (part.match(TRAILING_PUNCTUATION) || [""])[0];
      var address = part.slice(0, part.length - trailing.length);
      var link = safeLink(address, address);
      fragment.appendChild(link || document.createTextNode(address));
      appendPlain(fragment, trailing);
    });
    return fragment;
  }

  /** Rasa's socket.io payloads -> {text, buttons}; null for what we don't show. */
  function normalizeBotMessage(data) {
    if (!data || typeof data !== "object") { return null; }
    var raw = data.quick_replies || data.buttons || [];
    var buttons = (Array.isArray(raw) ? raw : []).filter(function (b) {
      return b && typeof b.title === "string" && typeof b.payload === "string";
    }).map(function (b) { return { title: b.title, payload: b.payload }; });
    var text = typeof data.text === "string" ? data.text : "";
    if (!text && !buttons.length) { return null; }
    return { from: "bot", text: text, buttons: buttons };
  }

  /* ---------- storage (a conversation survives a reload) ---------- */

  /** Messages read back from storage, checked like messages from the server. */
  function storedMessages(messages) {
    return (Array.isArray(messages) ? messages : []).map(function (m) {
      if (m && m.from === "user" && typeof m.text === "string") { return { from: "user", text: m.text }; }
      return normalizeBotMessage(m);
    }).filter(Boolean);
  }

  function openStore(kind) {
    var backend = null;
    try {
      backend = kind === "local" ? global.localStorage : global.sessionStorage;
      backend.setItem(STORAGE_KEY + ":probe", "1");
      backend.removeItem(STORAGE_KEY + ":probe");
    } catch (e) {
      backend = null; // storage blocked: the conversation lives as long as the page
    }
    return {
      load: function () {
        try { return JSON.parse(backend.getItem(STORAGE_KEY)) || null; } catch (e) { return null; }
      },
      save: function (state) {
        if (!backend) { return; }
        try {
          backend.setItem(STORAGE_KEY, JSON.stringify({
            sessionId: state.sessionId,
            messages: state.messages.slice(-MAX_STORED_MESSAGES),
            draft: state.draft
          }));
        } catch (e) { /* full or blocked: keep going without saving */ }
      },
      clear: function () { if (backend) { backend.removeItem(STORAGE_KEY); } }
    };
  }

  function newSessionId() {
    var bytes = new Uint8Array(16);
    global.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  /* ---------- building the widget ---------- */

  function buildCrisisPanel(id) {
    var list = el("ul", { "class": "rc-lines" });
    crisisLines.forEach(function (line) {
      var links = el("span", { "class": "rc-line-links" });
      line.links.forEach(function (link) { links.appendChild(safeLink(link.href, link.label)); });
      list.appendChild(el("li", {}, [
        el("span", { "class": "rc-line-name", text: line.name }),
        el("span", { "class": "rc-line-how", text: line.how }),
        links
      ]));
    });
    if (!crisisLines.length) { list.appendChild(el("li", { text: TEXT.noLines })); }
    list.setAttribute("aria-labelledby", id + "-lines");
    var panel = el("section", { id: id, "class": "rc-crisis", "aria-labelledby": id + "-title" }, [
      el("h3", { id: id + "-title", "class": "rc-crisis-title", text: TEXT.helpTitle }),
      el("p", { id: id + "-lines", "class": "rc-crisis-country", text: TEXT.linesTitle + " (" + crisis.country + ")" }),
      list,
      el("p", { "class": "rc-crisis-note", text: TEXT.helpNote })
    ]);
    panel.hidden = true;
    return panel;
  }

  function buildDom(id, options) {
    var els = {};
    els.help = el("button", { type: "button", "class": "rc-help", "aria-expanded": "false", "aria-controls": id + "-crisis", text: TEXT.helpButton });
    els.crisis = buildCrisisPanel(id + "-crisis");
    els.log = el("div", { "class": "rc-log", role: "log", "aria-live": "polite", "aria-relevant": "additions", "aria-label": "Conversation", tabindex: "0" });
    els.typing = el("div", { "class": "rc-typing", role: "status" }, [
      el("span", { text: TEXT.typing }),
      el("span", { "class": "rc-dots", "aria-hidden": "true" }, [el("span"), el("span"), el("span")])
    ]);
    els.typing.hidden = true;
    els.status = el("p", { "class": "rc-status", role: "status" });
    els.input = el("input", { id: id + "-input", type: "text", name: "message", autocomplete: "off", maxlength: "2000", placeholder: TEXT.placeholder });
    els.send = el("button", { type: "submit", "class": "rc-send", text: TEXT.send });
    els.form = el("form", { "class": "rc-composer" }, [
      el("label", { "for": id + "-input", "class": "rc-label", text: TEXT.inputLabel }), els.input, els.send
    ]);
    els.startOver = button(TEXT.startOver, "rc-secondary rc-start-over");
    els.del = button(TEXT.del, "rc-secondary rc-delete");
    els.delYes = button(TEXT.delYes, "rc-danger rc-delete-yes");
    els.delNo = button(TEXT.delNo, "rc-secondary rc-delete-no");
    els.delConfirm = el("div", { "class": "rc-confirm", role: "group", "aria-labelledby": id + "-confirm" }, [
      el("p", { id: id + "-confirm", text: TEXT.delConfirm }), els.delYes, els.delNo
    ]);
    els.delConfirm.hidden = true;
    els.root = el("section", { "class": "rc", id: id, "aria-labelledby": id + "-title" }, [
      el("header", { "class": "rc-header" }, [
        el("h2", { id: id + "-title", "class": "rc-title", text: options.title }),
        els.help,
        el("p", { "class": "rc-subtitle", text: TEXT.subtitle })
      ]),
      els.crisis, els.log, els.typing, els.status, els.form,
      el("div", { "class": "rc-actions" }, [els.startOver, els.del]),
      els.delConfirm
    ]);
    return els;
  }

  /**
   * The widget lives in a shadow root: the operator's CSS cannot restyle it
   * (a site's `p { padding: ... }` would break the layout) and ours cannot
   * leak out. Colors and height can still be set from outside through CSS
   * custom properties on .recovery-chat (see docs/widget.md).
   */
  function shadowHost(container, stylesheet) {
    var host = el("div", { "class": "recovery-chat" });
    container.appendChild(host);
    var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    if (stylesheet) {
      var href = typeof stylesheet === "string" ? stylesheet : new URL("recovery-chat.css", SCRIPT_SRC || global.location.href).href;
      root.appendChild(el("link", { rel: "stylesheet", href: href }));
    }
    return root;
  }

  /* ---------- the chat ---------- */

  function Chat(options) {
    this.options = options;
    this.id = "recovery-chat-" + (++instanceCount);
    this.els = buildDom(this.id, options);
    this.store = openStore(options.storage);
    var saved = this.store.load() || {};
    this.state = {
      sessionId: /^[A-Za-z0-9_-]{8,128}$/.test(saved.sessionId) ? saved.sessionId : newSessionId(),
      messages: storedMessages(saved.messages),
      draft: typeof saved.draft === "string" ? saved.draft : ""
    };
    this.ready = false;          // connected and the session confirmed
    this.wasUnreachable = false; // an outage was shown: say when it is over
    this.blockedDraft = false;   // the person pressed Send while we were offline
    this.timers = {};
  }

  Chat.prototype.mount = function (container) {
    // Render the saved history before the log is in the page, so a reload
    // does not re-announce the whole conversation to screen readers.
    this.state.messages.forEach(this.renderMessage, this);
    this.els.input.value = this.state.draft;
    this.bindUi();
    shadowHost(container, this.options.stylesheet).appendChild(this.els.root);
    this.scrollToEnd();
    this.connect();
  };

  Chat.prototype.renderMessage = function (message) {
    var bubble = el("div", { "class": "rc-msg rc-" + (message.from === "user" ? "user" : "bot") });
    bubble.appendChild(el("span", { "class": "rc-sr", text: message.from === "user" ? TEXT.you : TEXT.bot }));
    var body = el("p", { "class": "rc-text" });
    // The person's own words are never turned into links: only text, exactly as typed.
    body.appendChild(message.from === "user" ? document.createTextNode(message.text) : formatText(message.text));
    bubble.appendChild(body);
    if (message.buttons && message.buttons.length) { bubble.appendChild(this.renderButtons(message.buttons)); }
    this.els.log.appendChild(bubble);
    return bubble;
  };

  Chat.prototype.renderButtons = function (buttons) {
    var self = this;
    var group = el("div", { "class": "rc-replies", role: "group", "aria-label": TEXT.replies });
    buttons.forEach(function (b) {
      var btn = button(b.title, "rc-reply");
      btn.addEventListener("click", function () { self.send(b.payload, b.title); });
      group.appendChild(btn);
    });
    return group;
  };

  Chat.prototype.addMessage = function (message) {
    this.state.messages.push(message);
    var bubble = this.renderMessage(message);
    this.store.save(this.state);
    if (message.from === "user") {
      this.replyStart = null;
      this.scrollToEnd();
    } else {
      this.replyStart = this.replyStart || bubble;
      this.scrollToReply();
    }
  };

  Chat.prototype.scrollToEnd = function () { this.els.log.scrollTop = this.els.log.scrollHeight; };

  // A long answer is read from its beginning: scroll down as far as the
  // reply's first message, never past its top (on a phone it fills the screen).
  Chat.prototype.scrollToReply = function () {
    var log = this.els.log;
    var top = this.replyStart.offsetTop - 8;
    log.scrollTop = Math.min(top, log.scrollHeight - log.clientHeight);
  };

  /** kind: "error" (styled as one), "connecting", or none for information. */
  Chat.prototype.setStatus = function (text, kind) {
    this.statusKind = text ? kind || "info" : "";
    this.els.status.textContent = text || "";
    this.els.status.className = "rc-status" + (kind === "error" ? " rc-status-error" : "");
  };

  Chat.prototype.showTyping = function (on) {
    clearTimeout(this.timers.typing);
    this.els.typing.hidden = !on;
  };

  /* ---------- UI events ---------- */

  Chat.prototype.bindUi = function () {
    var self = this, els = this.els;
    els.form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = els.input.value.trim();
      if (text) { self.send(text); }
    });
    els.input.addEventListener("input", function () {
      self.state.draft = els.input.value;
      self.store.save(self.state);
    });
    els.help.addEventListener("click", function () { self.toggleHelp(); });
    els.root.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !els.crisis.hidden) { self.toggleHelp(false); els.help.focus(); }
    });
    els.startOver.addEventListener("click", function () { self.startOver(); });
    els.del.addEventListener("click", function () { els.delConfirm.hidden = false; els.delYes.focus(); });
    els.delNo.addEventListener("click", function () { els.delConfirm.hidden = true; els.del.focus(); });
    els.delYes.addEventListener("click", function () {
      els.delConfirm.hidden = true;
      deleteConversation(self).then(function () { self.setStatus(TEXT.deleted); els.input.focus(); });
    });
  };

  Chat.prototype.toggleHelp = function (open) {
    var show = typeof open === "boolean" ? open : this.els.crisis.hidden;
    this.els.crisis.hidden = !show;
    this.els.help.setAttribute("aria-expanded", String(show));
  };

  /* ---------- talking to Rasa ---------- */

  Chat.prototype.connect = function () {
    var self = this;
    this.setStatus(TEXT.connecting, "connecting");
    // Reconnects forever, backing off to 10 s.
    this.socket = io(this.options.server, {
      path: this.options.socketPath,
      transports: this.options.transports,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10000,
      timeout: 10000
    });
    this.socket.on("connect", function () {
      // A reconnect gets a new socket: ask again to join our conversation's room.
      self.socket.emit("session_request", { session_id: self.state.sessionId });
    });
    this.socket.on("session_confirm", function (sessionId) { self.onSessionConfirmed(sessionId); });
    this.socket.on("bot_uttered", function (data) { self.onBotMessage(data); });
    // The channel refuses a malformed or oversized message with a reason.
    this.socket.on("bad_request", function (data) { self.onRefused(data); });
    this.socket.on("connect_error", function () { self.onUnreachable(); });
    this.socket.on("disconnect", function (reason) {
      // "io client disconnect" is ours (Start over / Delete): not an outage.
      if (reason !== "io client disconnect") { self.onUnreachable(); }
    });
  };

  Chat.prototype.onSessionConfirmed = function (sessionId) {
    var wasDown = this.wasUnreachable;
    if (typeof sessionId === "string" && sessionId) { this.state.sessionId = sessionId; }
    this.ready = true;
    this.wasUnreachable = false;
    this.store.save(this.state);
    if (this.blockedDraft) {
      this.setStatus(TEXT.backWithDraft);
    } else if (wasDown) {
      this.setStatus(TEXT.back);
    } else if (this.statusKind !== "info") {
      // Keep information such as "cleared from this device"; drop "connecting".
      this.setStatus("");
    }
    this.blockedDraft = false;
    // A new conversation starts with the assistant saying who it is.
    if (!this.state.messages.length) { this.emitMessage(this.options.greetIntent); }
  };

  Chat.prototype.onUnreachable = function () {
    this.ready = false;
    this.wasUnreachable = true;
    this.showTyping(false);
    clearTimeout(this.timers.reply);
    this.setStatus(this.blockedDraft ? TEXT.keptDraft : TEXT.unreachable, "error");
  };

  Chat.prototype.onBotMessage = function (data) {
    var message = normalizeBotMessage(data);
    if (!message) { return; }
    clearTimeout(this.timers.reply);
    if (this.statusKind === "error" && this.ready) { this.setStatus(""); }
    this.addMessage(message);
    var self = this;
    clearTimeout(this.timers.typing);
    this.timers.typing = setTimeout(function () { self.els.typing.hidden = true; }, TYPING_GRACE_MS);
  };

  Chat.prototype.onRefused = function (data) {
    clearTimeout(this.timers.reply);
    this.showTyping(false);
    var reason = data && typeof data.error === "string" ? " (" + data.error + ")" : "";
    this.setStatus(TEXT.refused + reason, "error");
  };

  /** Send a message (text typed, or a button's payload shown as its title). */
  Chat.prototype.send = function (message, shownAs) {
    if (!this.ready) {
      // Keep what was typed: it stays in the box until it can really be sent.
      this.blockedDraft = true;
      this.setStatus(TEXT.keptDraft, "error");
      return false;
    }
    this.addMessage({ from: "user", text: shownAs || message });
    if (!shownAs) {
      this.els.input.value = "";
      this.state.draft = "";
      this.store.save(this.state);
    }
    this.setStatus("");
    this.emitMessage(message);
    return true;
  };

  Chat.prototype.emitMessage = function (message) {
    var self = this;
    this.socket.emit("user_uttered", {
      message: message,
      session_id: this.state.sessionId,
      metadata: this.options.metadata
    });
    this.showTyping(true);
    clearTimeout(this.timers.reply);
    this.timers.reply = setTimeout(function () {
      self.showTyping(false);
      self.setStatus(TEXT.noReply, "error");
    }, REPLY_TIMEOUT_MS);
  };

  /** Forget the conversation on this device and begin a new session. */
  Chat.prototype.reset = function () {
    clearTimeout(this.timers.reply);
    this.showTyping(false);
    this.store.clear();
    this.state = { sessionId: newSessionId(), messages: [], draft: "" };
    this.replyStart = null;
    this.els.log.textContent = "";
    this.els.input.value = "";
    this.setStatus("");
    // Reconnecting makes the server put this socket in the new session's room only.
    this.ready = false;
    this.socket.disconnect();
    this.socket.connect();
  };

  Chat.prototype.startOver = function () {
    this.reset();
    this.els.input.focus();
  };

  Chat.prototype.destroy = function () {
    if (this.socket) { this.socket.disconnect(); }
    Object.keys(this.timers).forEach(function (k) { clearTimeout(this.timers[k]); }, this);
    var host = this.els.root.getRootNode().host || this.els.root.parentNode;
    if (host && host.parentNode) { host.parentNode.removeChild(host); }
  };

  /**
   * "Delete my conversation". For now it forgets the conversation on this
   * device and starts a new session; the server-side deletion (privacy work)
   * plugs in here: call the deletion endpoint with `sessionId` before reset().
   * Resolves to {sessionId, serverDeleted}.
   */
  function deleteConversation(chat) {
    var sessionId = chat.state.sessionId;
    var url = chat.options.server.replace(/\/+$/, "") + "/webhooks/rest/delete";
    // The server deletes every stored event of the conversation; the page
    // then forgets it too, whether or not the server could be reached.
    var request = sessionId
      ? fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ sender: sessionId }) })
          .then(function (response) { return response.ok; }, function () { return false; })
      : Promise.resolve(false);
    return request.then(function (serverDeleted) {
      chat.reset();
      return { sessionId: sessionId, serverDeleted: serverDeleted };
    });
  }

  /* ---------- public API ---------- */

  function init(userOptions) {
    var options = {};
    Object.keys(DEFAULTS).forEach(function (k) { options[k] = DEFAULTS[k]; });
    Object.keys(userOptions || {}).forEach(function (k) { options[k] = userOptions[k]; });
    var container = typeof options.container === "string" ? document.querySelector(options.container) : options.container;
    if (!container) { throw new Error("RecoveryChat.init: no element matches container " + String(options.container)); }
    if (!options.server) { throw new Error("RecoveryChat.init: `server` (the Rasa URL) is required"); }
    if (typeof io !== "function") { throw new Error("RecoveryChat: the Socket.IO client is missing; use the built recovery-chat.js"); }
    var chat = new Chat(options);
    chat.mount(container);
    return {
      startOver: function () { chat.startOver(); },
      deleteConversation: function () { return deleteConversation(chat); },
      openHelp: function () { chat.toggleHelp(true); },
      sessionId: function () { return chat.state.sessionId; },
      destroy: function () { chat.destroy(); }
    };
  }

  global.RecoveryChat = {
    init: init,
    formatText: formatText,       // exposed for tests and operators' own views
    crisisLines: crisisLines
  };
})(window, typeof io === "function" ? io : window.io, /*@crisis*/ {"country": "", "lines": []});
