/* global document, window, console */
// Draws the README's Mermaid diagram (the ```mermaid fence, which TypeDoc leaves as
// <pre><code class="mermaid">) on the API reference's index page. TypeDoc loads this file on every
// page through its own `customJs` option (typedoc.json).
//
// Why this way: Mermaid's documented browser build, loaded from a CDN at one pinned version, and
// only on pages that have a diagram. No TypeDoc plugin: the one kept up for TypeDoc 0.28 needs
// Node 22, and it and a local copy would both put Mermaid (120 MB unpacked) into every
// contributor's `npm ci` for one diagram. When the script cannot load (offline, blocked), nothing
// changes: the page keeps showing the diagram's source. `npm run docs` checks that it is wired in.
const MERMAID_URL = 'https://cdn.jsdelivr.net/npm/mermaid@12.3.0/dist/mermaid.esm.min.mjs';

const sources = [...document.querySelectorAll('pre > code.mermaid')];
if (sources.length > 0) {
  import(MERMAID_URL)
    .then(async ({ default: mermaid }) => {
      const theme = document.documentElement.dataset.theme;
      const dark = theme === 'dark' || (theme !== 'light' && window.matchMedia('(prefers-color-scheme: dark)').matches);
      mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: dark ? 'dark' : 'default' });
      for (const code of sources) {
        const pre = code.parentElement;
        const diagram = document.createElement('div');
        diagram.className = 'mermaid';
        diagram.style.overflowX = 'auto';
        diagram.textContent = code.textContent;
        pre.before(diagram);
        try {
          await mermaid.run({ nodes: [diagram] });
        } catch (error) {
          diagram.remove();
          console.warn('Mermaid could not draw the diagram; its source stays on the page.', error);
          continue;
        }
        zoomOnClick(diagram);
        // Keep the source one click away: it is what the diagram was drawn from.
        const details = document.createElement('details');
        const summary = document.createElement('summary');
        summary.textContent = 'Mermaid source';
        pre.replaceWith(details);
        details.append(summary, pre);
      }
    })
    .catch((error) => console.warn('Mermaid did not load; the diagram is shown as its source.', error));
}

// The flowchart fits the column, where its labels are small; a click shows it at its natural size
// (the column then scrolls sideways) and another click fits it again.
function zoomOnClick(diagram) {
  const svg = diagram.querySelector('svg');
  const naturalWidth = svg?.style.maxWidth;
  if (!svg || !naturalWidth) return;
  diagram.title = 'Click to zoom';
  diagram.style.cursor = 'zoom-in';
  diagram.addEventListener('click', () => {
    const zoomed = diagram.style.cursor === 'zoom-out';
    svg.style.width = zoomed ? '' : naturalWidth;
    svg.style.maxWidth = zoomed ? naturalWidth : 'none';
    diagram.style.cursor = zoomed ? 'zoom-in' : 'zoom-out';
  });
}
