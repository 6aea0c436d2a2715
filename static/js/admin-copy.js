// The matching desk's one-time link: a button copies the field's text, another prints the card. Without
// the script the buttons stay hidden and the read-only field can be selected and copied by hand.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    document.documentElement.classList.add("scripted");
    const status = document.querySelector(".copy-status");
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        const field = document.querySelector(button.dataset.copy);
        field.select();
        const done = function () {
          if (status) status.textContent = button.dataset.copied;
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(field.value).then(done, function () {
            document.execCommand("copy");
            done();
          });
        } else {
          document.execCommand("copy");
          done();
        }
      });
    });
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () {
        window.print();
      });
    });
  });
})();
