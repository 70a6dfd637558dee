// The theme chosen in Settings → General → Appearance (web/src/lib/theme.ts keeps it), applied
// before the first paint: a classic script in <head> runs before the stylesheet is used, so a
// dark choice never flashes white, nor a light one dark. It is a file, as the CSP allows no inline script.
(() => {
  let choice = null;
  try {
    choice = localStorage.getItem('parley.theme');
  } catch {
    // Storage turned off: follow the system.
  }
  const dark = choice === 'dark' || (choice !== 'light' && window.matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
})();
