// Keep an import's progress bar up to date, and show the result when the work ends.
// Without this script the page still works: it says how far the import had got when loaded,
// and a link refreshes it.
const box = document.querySelector("[data-progress-url]");

if (box) {
  const bar = box.querySelector("progress");
  const text = box.querySelector("[data-progress-text]");
  const url = box.dataset.progressUrl;
  const format = new Intl.NumberFormat("en-GB");

  const poll = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (response.ok) {
        const job = await response.json();
        if (!job.running) {
          window.location.reload();
          return;
        }
        bar.max = job.total || 1;
        bar.value = job.done;
        bar.textContent = `${job.percent}%`;
        text.textContent = `${format.format(job.done)} of ${format.format(job.total)} rows (${job.percent}%)`;
      }
    } catch {
      // A dropped connection: try again on the next tick.
    }
    window.setTimeout(poll, 2000);
  };
  window.setTimeout(poll, 1000);
}
