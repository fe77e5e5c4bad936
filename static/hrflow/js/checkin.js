// Phone check-in: with the employee's location consent (the form says so with
// data-locate), ask the browser where it is and send it with the punch; without it,
// or when the phone refuses or takes too long, the punch goes without a location.
(function () {
  "use strict";
  var form = document.getElementById("checkin-form");
  if (!form || !form.hasAttribute("data-locate") || !navigator.geolocation) return;
  var sending = false;
  form.addEventListener("submit", function (event) {
    if (sending) return;
    event.preventDefault();
    sending = true;
    var send = function () { form.submit(); };
    navigator.geolocation.getCurrentPosition(
      function (position) {
        form.elements.latitude.value = position.coords.latitude.toFixed(6);
        form.elements.longitude.value = position.coords.longitude.toFixed(6);
        send();
      },
      send,
      { enableHighAccuracy: true, timeout: 8000, maximumAge: 60000 }
    );
  });
})();
