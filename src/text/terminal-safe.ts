/**
 * Text from CloudTrail records (user agents, session names, resource names) is attacker-controlled: printed raw, an
 * escape sequence could rewrite the terminal (clear it, move the cursor, forge lines). Line breaks become spaces;
 * control and bidirectional-override characters become '?'.
 */
export function terminalSafe(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\r\n\t]+/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '?');
}

/**
 * JSON text for a terminal: the same characters escaped as \uXXXX, which leaves the JSON value unchanged (they can
 * only stand inside strings). JSON.stringify escapes C0 controls itself, but not DEL, C1 controls (U+009B is CSI on
 * some terminals), line separators or bidi overrides.
 */
export function jsonForTerminal(json: string): string {
  return json.replace(/[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
