// Genk Village, coach pages: register the service worker, and keep a contact-log draft on the phone
// when the network is down, sending it once the phone is online again. Without this script the form
// posts as usual; with it, only a submit that cannot reach the server is held back.
(function () {
  "use strict";
  const script = document.currentScript;
  const settings = script.dataset;
  // One pending draft per person on this phone: someone else signing in never sends it in their name.
  const key = "genk-village:contact-draft:" + settings.user;
  const form = document.querySelector("form[data-offline-draft]");
  const notice = document.getElementById("offline-notice");
  let sending = false;

  function show(text, kind) {
    const message = document.createElement("p");
    message.className = "message " + kind;
    message.textContent = text;
    notice.replaceChildren(message);
  }

  function readDraft() {
    try {
      return JSON.parse(localStorage.getItem(key));
    } catch (error) {
      return null;
    }
  }

  function csrfToken() {
    const cookie = document.cookie.split("; ").find((part) => part.startsWith("csrftoken="));
    if (cookie) return cookie.slice("csrftoken=".length);
    const field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  // Can the server be reached right now? A small HEAD request, given up after ten seconds.
  async function reachable() {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 10000);
    try {
      const response = await fetch(settings.probe, { method: "HEAD", cache: "no-store", signal: controller.signal });
      return response.ok;
    } catch (error) {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  function restore(draft) {
    for (const [name, value] of draft.fields) {
      for (const field of form.querySelectorAll(`[name="${CSS.escape(name)}"]`)) {
        if (field.type === "radio" || field.type === "checkbox") {
          field.checked = field.value === value;
        } else {
          field.value = value;
        }
      }
    }
  }

  // The server saved it when it answered with a redirect that is not the sign-in page.
  async function send() {
    const draft = readDraft();
    if (!draft || sending) return;
    sending = true;
    try {
      const body = new URLSearchParams(draft.fields);
      body.set("csrfmiddlewaretoken", csrfToken());
      const response = await fetch(draft.url, { method: "POST", body, credentials: "same-origin" });
      const landed = new URL(response.url).pathname;
      if (response.ok && response.redirected && landed !== settings.login) {
        localStorage.removeItem(key);
        if (form) form.reset();
        show(settings.sent, "success");
      }
    } catch (error) {
      // Still offline: the draft stays for the next try.
    } finally {
      sending = false;
    }
  }

  if (form) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (await reachable()) {
        // Online: the draft is in the form now, and the form posts as it would without this script.
        localStorage.removeItem(key);
        form.submit();
        return;
      }
      const fields = [...new FormData(form)].filter(
        ([name, value]) => name !== "csrfmiddlewaretoken" && typeof value === "string"
      );
      localStorage.setItem(key, JSON.stringify({ url: form.action, fields, savedAt: new Date().toISOString() }));
      show(settings.saved, "info");
    });
    const draft = readDraft();
    if (draft) {
      restore(draft);
      show(settings.saved, "info");
    }
  }

  // Sign-out forgets the kept copy of the contact page (it shows the person's recent contacts).
  const signOut = document.querySelector(`form[action="${settings.logout}"]`);
  if (signOut && "caches" in window) {
    signOut.addEventListener("submit", () => {
      caches.keys().then((names) => names.filter((name) => name.startsWith("genk-coach-")).forEach((name) => caches.delete(name)));
    });
  }

  window.addEventListener("online", send);
  if (navigator.onLine) send();

  if ("serviceWorker" in navigator) {
    window.addEventListener("load", () => navigator.serviceWorker.register(settings.worker).catch(() => undefined));
  }
})();
