// Sign-in security page: once django-otp-webauthn has registered a passkey,
// go where the server says (the new recovery codes, or the page again to
// list the new device).
document.addEventListener("otp_webauthn.register_complete", (event) => {
  const target = event.detail && event.detail.response && event.detail.response.redirect_url;
  window.location.assign(target || window.location.href);
});
