// Start-up measured where the user sees it: from the page's navigation start (the renderer's launch) to the first
// worklist answer on screen. Exposed on <body data-startup-ms> so the e2e harness and the Electron launcher can read it.
let marked = false;

export function markStartupReady(): void {
  if (marked) return;
  marked = true;
  // After the commit that painted the rows: the next frame.
  requestAnimationFrame(() => {
    document.body.dataset.startupMs = String(Math.round(performance.now()));
  });
}
