// Runs inside the 3DS challenge iframe, which lives inside the Flow frame (same origin): tell the
// frame the challenge is over. The frame checks origin and source before it believes us.
(() => {
  const config = JSON.parse(document.getElementById('ck-config').textContent);
  if (window.parent !== window) {
    window.parent.postMessage({ source: 'ck-emulator-3ds', type: 'challenge-complete', paymentId: config.paymentId }, window.location.origin);
  }
})();
