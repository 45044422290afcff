// Stripe's Payment Element on our own pay page. Loaded only there, after Stripe.js.
document.addEventListener("DOMContentLoaded", async () => {
  const form = document.getElementById("payment-form");
  if (!form || typeof Stripe === "undefined") return;
  const message = document.getElementById("payment-message");
  const button = document.getElementById("pay-button");
  const stripe = Stripe(form.dataset.publishableKey, { locale: form.dataset.locale || "auto" });
  const elements = stripe.elements({ clientSecret: form.dataset.clientSecret });
  const container = document.getElementById("payment-element");
  container.replaceChildren();
  elements.create("payment").mount(container);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    message.hidden = true;
    const { error } = await stripe.confirmPayment({
      elements,
      confirmParams: { return_url: form.dataset.returnUrl },
    });
    // Only reached on an immediate error; success redirects to return_url.
    if (error) {
      message.textContent = error.message;
      message.hidden = false;
      button.disabled = false;
    }
  });
});
