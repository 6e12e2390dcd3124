/**
 * report/escape: makes any user-provided string (config values, plugin names, failure reasons, variant names) inert
 * in HTML and in Markdown tables. Everything that did not come from this package's own literals goes through here.
 */

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and for double- or single-quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}

/**
 * Escapes text for Markdown (table cells, notes, headings): `&`, `<`, `>` become entities (Markdown renderers pass raw
 * HTML through), line breaks become spaces (a table row is one line), and the characters that open links, images,
 * code or emphasis or split a table cell (backslash, pipe, backtick, brackets, asterisk) are backslash-escaped, so a
 * reason such as `[x](http://y)` stays literal; control characters (a terminal escape sequence) become `\x1b`.
 * Quotes and underscores are left alone: they are inert in Markdown text and keep `h_T` readable.
 */
export function escapeMarkdown(value: unknown): string {
  return (
    String(value)
      .replace(/[&<>]/g, (c) => HTML_ENTITIES[c])
      .replace(/\r?\n|\r/g, ' ')
      .replace(/([\\`*[\]|])/g, '\\$1')
      // Terminal escape sequences and other control characters: shown as \xNN, so `cat report.md` is inert too.
      // eslint-disable-next-line no-control-regex
      .replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
  );
}
