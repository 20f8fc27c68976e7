/**
 * Server text is shown with control characters escaped, never passed raw to the terminal
 * (security.md item 8): ESC, BEL, OSC and C1 bytes become `\xNN`.
 */
export function escapeControls(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Escapes and shortens input echoed back in a one-line error message. */
export function quoteInput(text: string, max = 60): string {
  const escaped = escapeControls(text);
  return escaped.length > max ? `${escaped.slice(0, max - 1)}…` : escaped;
}
