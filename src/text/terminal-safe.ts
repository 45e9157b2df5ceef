/**
 * Text from CloudTrail records (user agents, session names, resource names) is attacker-controlled: printed raw, an
 * escape sequence could rewrite the terminal (clear it, move the cursor, forge lines). Line breaks become spaces;
 * control and bidirectional-override characters become '?'.
 */
export function terminalSafe(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\r\n\t]+/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '?');
}
