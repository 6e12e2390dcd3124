/** Bytes of a base64 string, through atob rather than Buffer: the same code runs in browsers. */
export function decodeBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}
