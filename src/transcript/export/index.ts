/** `mailproto transcript export --to FORMAT`: one pure function per format. */
import { exportAsciicast } from './asciicast.js';
import type { ExportFormat, ExportInput } from './common.js';
import { exportHtml } from './html.js';
import { exportMarkdown } from './markdown.js';
import { exportRfc } from './rfc.js';

export { EXPORT_FORMATS, type ExportFormat, type ExportInput } from './common.js';

export const EXPORTERS: Readonly<Record<ExportFormat, (input: ExportInput) => string>> = {
  markdown: exportMarkdown,
  rfc: exportRfc,
  asciicast: exportAsciicast,
  html: exportHtml,
};

/** The usual file extension of each format, for messages and examples. */
export const EXPORT_EXTENSIONS: Readonly<Record<ExportFormat, string>> = { markdown: 'md', rfc: 'txt', asciicast: 'cast', html: 'html' };
