// Minimal chat page over Rasa's REST channel. Every text is inserted with
// textContent, so nothing a message contains is ever run or rendered as HTML.
(function () {
  "use strict";
  var SERVER = (window.CHAT_SERVER || "http://localhost:5005") + "/webhooks/rest/webhook";
  var log = document.getElementById("log");
  var status = document.getElementById("status");
  var input = document.getElementById("message");

  function senderId(reset) {
    var id = !reset && localStorage.getItem("chat-sender");
    if (!id) {
      id = "web-" + (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2));
      localStorage.setItem("chat-sender", id);
    }
    return id;
  }

  function safeLink(url) {
    try { var u = new URL(url); return /^(https?|tel|sms):$/.test(u.protocol) ? u.href : null; } catch (e) { return null; }
  }

  function addText(li, text) {
    // Turn bare https:// addresses into links that open safely in a new tab.
    text.split(/(https?:\/\/[^\s)]+)/).forEach(function (part, i) {
      var href = i % 2 ? safeLink(part) : null;
      if (href) {
        var a = document.createElement("a");
        a.href = href; a.textContent = part; a.target = "_blank"; a.rel = "noopener noreferrer";
        li.appendChild(a);
      } else {
        li.appendChild(document.createTextNode(part));
      }
    });
  }

  function show(who, text, buttons) {
    var li = document.createElement("li");
    li.className = who;
    addText(li, text || "");
    if (buttons && buttons.length) {
      var row = document.createElement("div");
      row.className = "buttons";
      buttons.forEach(function (b) {
        var btn = document.createElement("button");
        btn.type = "button"; btn.textContent = b.title;
        btn.addEventListener("click", function () { send(b.payload, b.title); });
        row.appendChild(btn);
      });
      li.appendChild(row);
    }
    log.appendChild(li);
    li.scrollIntoView({ block: "end" });
  }

  function send(message, shownAs) {
    show("user", shownAs || message);
    status.textContent = "The assistant is typing…";
    return fetch(SERVER, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: senderId(false), message: message })
    }).then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    }).then(function (replies) {
      status.textContent = "";
      replies.forEach(function (m) { show("bot", m.text, m.buttons); });
    }).catch(function () {
      status.textContent = "Can't reach the assistant right now. Your message was not lost: try again in a moment. In danger? Call or text 988, or call 911.";
    });
  }

  document.getElementById("composer").addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    send(text).then(function () { if (!status.textContent) { input.value = ""; } });
  });
  document.getElementById("help-now").addEventListener("click", function () {
    var panel = document.getElementById("crisis-panel");
    panel.hidden = !panel.hidden;
    this.setAttribute("aria-expanded", String(!panel.hidden));
  });
  document.getElementById("start-over").addEventListener("click", function () {
    log.textContent = "";
    senderId(true);
    send("/greet", "Hi");
  });
  send("/greet", "Hi");
})();
