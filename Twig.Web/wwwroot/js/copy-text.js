// "Copy" buttons for text shown only once (the one-time password). They stay hidden without JavaScript or without the
// clipboard API; the text can still be selected and copied by hand.
document.querySelectorAll('button[data-copy]').forEach((button) => {
  const source = document.querySelector(button.dataset.copy);
  if (!source || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(source.textContent.trim());
      button.textContent = 'Copied';
    } catch {
      button.textContent = 'Copy failed: select the password instead';
    }
  });
});
