/**
 * `--to html`: one self-contained page. Client and server lines in colours of their own, the
 * explanations as side notes beside the line they explain, markers as headings (with a table of
 * contents of them), instructor notes highlighted. Inline CSS only: no script, no font, no image,
 * nothing fetched; a Content-Security-Policy says so to the browser as well.
 *
 * Everything that came from the recording is escaped (security.md item 8): control characters as
 * `\x1b` first, then `& < > " '` as entities, so a `<script>` a server sent is shown as text.
 */
import { escapeForTerminal } from '../../client/server-text.js';
import { conversationRows, protocolName, recordedDate, type ConversationRow, type ExportInput } from './common.js';

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return escapeForTerminal(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

const STYLE = `
:root { color-scheme: light; --client: #0b5cad; --server: #1f6f2a; --note: #5b5b5b; --mark: #fff4c2; --line: #e4e4e4; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 78rem; padding: 1.5rem; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1d1d; background: #fff; }
header.meta { border-bottom: 2px solid var(--line); margin-bottom: 1rem; }
header.meta dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
header.meta dt { font-weight: 600; }
header.meta dd { margin: 0; }
nav.toc ol { padding-left: 1.4rem; }
.legend span { font-family: ui-monospace, Menlo, Consolas, monospace; padding: 0 0.3rem; }
h2 { margin-top: 2rem; border-bottom: 1px solid var(--line); }
.exchange { border-top: 1px solid var(--line); padding: 0.3rem 0; }
.row { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1.2rem; }
.line { margin: 0; font: 13px/1.5 ui-monospace, Menlo, Consolas, monospace; white-space: pre-wrap; overflow-wrap: anywhere; }
.send .line, .legend .c { color: var(--client); font-weight: 600; }
.recv .line, .legend .s { color: var(--server); }
.redacted .line { background: repeating-linear-gradient(45deg, #fff, #fff 4px, #f2f2f2 4px, #f2f2f2 8px); }
aside { color: var(--note); font-size: 13px; border-left: 3px solid var(--line); padding-left: 0.6rem; }
aside p { margin: 0 0 0.3rem; }
.tls .line { color: #6a3d9a; }
.info .line, .warning .line { color: #8a4b00; font-style: italic; }
.note { background: var(--mark); border-left: 4px solid #e0b800; padding: 0.5rem 0.8rem; margin: 0.8rem 0; }
@media (max-width: 50rem) { .row { grid-template-columns: 1fr; gap: 0.2rem; } aside { margin-bottom: 0.4rem; } }
@media print { .row { break-inside: avoid; } }
`;

function row(r: ConversationRow): string {
  const classes = [r.kind, ...(r.redacted ? ['redacted'] : [])].join(' ');
  const notes = r.notes.length > 0 ? `<aside>${r.notes.map((n) => `<p>${escapeHtml(n)}</p>`).join('')}</aside>` : '<aside></aside>';
  return `<div class="row ${classes}"><pre class="line">${r.text.split('\n').map(escapeHtml).join('\n')}</pre>${notes}</div>`;
}

/** The transcript as one HTML page. */
export function exportHtml({ transcript, steps }: ExportInput): string {
  const { header } = transcript;
  const title = escapeHtml(header.title);
  const markers = steps.flatMap((s, i) => (s.kind === 'marker' ? [{ id: `chapter-${i + 1}`, label: s.label ?? '' }] : []));
  const body: string[] = [];
  steps.forEach((step, i) => {
    if (step.kind === 'marker') body.push(`<h2 id="chapter-${i + 1}">${escapeHtml(step.label ?? '')}</h2>`);
    else if (step.kind === 'note') body.push(`<p class="note">${(step.label ?? '').split('\n').map(escapeHtml).join('<br>')}</p>`);
    else {
      const rows = conversationRows(step.events);
      if (rows.length > 0) body.push(`<section class="exchange">\n${rows.map(row).join('\n')}\n</section>`);
    }
  });
  const toc =
    markers.length > 0
      ? `<nav class="toc"><h2>Chapters</h2><ol>${markers.map((m) => `<li><a href="#${m.id}">${escapeHtml(m.label)}</a></li>`).join('')}</ol></nav>`
      : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="mailproto transcript export">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<header class="meta">
<h1>${title}</h1>
<dl><dt>Target</dt><dd><code>${escapeHtml(header.target)}</code> (${protocolName(header.protocol)})</dd><dt>Recorded</dt><dd>${escapeHtml(recordedDate(header.started))}</dd></dl>
<p class="legend"><span class="c">C:</span> the client &middot; <span class="s">S:</span> the server &middot; explanations on the right</p>
</header>
${toc}
<main>
${body.join('\n')}
</main>
</body>
</html>
`;
}
