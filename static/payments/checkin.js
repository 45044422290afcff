// Check-in: typing the code always works; where the browser has the BarcodeDetector API
// (progressive enhancement, no library, no CDN), a camera button scans the badge's QR code.
document.addEventListener("DOMContentLoaded", () => {
  const result = document.getElementById("check-in-result");
  const input = document.querySelector("#check-in-form input[name=secret]");
  if (result && input) input.focus();  // ready for the next badge; the result is announced
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  const form = document.getElementById("check-in-form");
  const scanButton = document.getElementById("scan-button");
  const scanner = document.getElementById("scanner");
  const video = document.getElementById("scanner-video");
  const stopButton = document.getElementById("scan-stop");
  let stream = null;
  let timer = null;

  const stop = () => {
    if (timer) clearInterval(timer);
    if (stream) stream.getTracks().forEach((track) => track.stop());
    stream = null;
    scanner.hidden = true;
    scanButton.hidden = false;
  };

  BarcodeDetector.getSupportedFormats().then((formats) => {
    if (!formats.includes("qr_code")) return;
    const detector = new BarcodeDetector({ formats: ["qr_code"] });
    scanButton.hidden = false;
    scanButton.addEventListener("click", async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      } catch (error) {
        return;  // no camera or permission refused: typing still works
      }
      video.srcObject = stream;
      await video.play();
      scanner.hidden = false;
      scanButton.hidden = true;
      timer = setInterval(async () => {
        const codes = await detector.detect(video).catch(() => []);
        if (codes.length) {
          input.value = codes[0].rawValue;
          stop();
          form.requestSubmit();
        }
      }, 250);
    });
    stopButton.addEventListener("click", stop);
  });
});
