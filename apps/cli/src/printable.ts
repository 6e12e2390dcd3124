/**
 * cli/printable: makes a message safe to print on a terminal. User strings (keys, paths, plugin messages) are echoed
 * in errors; a terminal escape sequence among them would recolour, retitle or rewrite the user's terminal, and an
 * 80 000-key config would give a message of megabytes. Control characters become visible `\xNN` escapes and the
 * message is cut to MAX_MESSAGE_CHARS.
 */

/** Longest message the CLI prints (about 25 lines of 80 columns): enough for a field, a value and the fix. */
export const MAX_MESSAGE_CHARS = 2000;

/** Control characters (C0 but tab and newline, DEL, C1) as `\xNN`, so that the text prints as it reads. */
export function escapeControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** `text` cut to `max` characters, saying how much was left out. */
export function cutMessage(text: string, max = MAX_MESSAGE_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}... [${text.length - max} more characters cut]`;
}

/** What the CLI prints for a user-facing message: escaped, then cut. */
export function printable(text: string, max = MAX_MESSAGE_CHARS): string {
  return cutMessage(escapeControl(text), max);
}
