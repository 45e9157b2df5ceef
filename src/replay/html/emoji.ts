/**
 * Slack's emoji shortcodes (`:red_circle:`) as the characters Slack shows. The names come from emoji-datasource,
 * the data set Slack's own emoji names come from (the CLI build keeps only the two fields read here).
 */
import emojiData from 'emoji-datasource/emoji.json' with { type: 'json' };

interface EmojiEntry {
  readonly unified: string;
  readonly short_names: readonly string[];
}

let byName: Map<string, string> | undefined;

/** The emoji for a shortcode without colons, or undefined for a name Slack does not know. */
export function emojiFor(name: string): string | undefined {
  if (byName === undefined) {
    byName = new Map();
    for (const entry of emojiData as readonly EmojiEntry[]) {
      const text = String.fromCodePoint(...entry.unified.split('-').map((hex) => Number.parseInt(hex, 16)));
      for (const shortName of entry.short_names) byName.set(shortName, text);
    }
  }
  return byName.get(name);
}
