/*
 * Tells the admin this browser's time zone, once, so that a person who has
 * not chosen one sees times in their own zone from their first sign-in.
 * The server checks the name and keeps it in the person's profile only if
 * none is chosen (AdminTimeZoneMiddleware); a cookie carries it, so it
 * needs no request of its own.
 */
(function () {
  "use strict";
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  if (!zone || !/^[A-Za-z0-9_+\-\/]{1,64}$/.test(zone)) return;
  if (document.cookie.split("; ").indexOf("browser_tz=" + zone) !== -1) return;
  document.cookie = "browser_tz=" + zone + "; path=/admin/; max-age=31536000; SameSite=Lax" +
    (location.protocol === "https:" ? "; Secure" : "");
}());
