/**
 * How a severity looks in Slack: a coloured marker for scanning a busy channel, always next to the word, because
 * colour alone says nothing to a screen reader or to someone who cannot tell orange from red.
 */
import type { AlertSeverity } from '../src/alerts/model.js';

export interface SeverityStyle {
  /** Slack emoji shortcode. */
  readonly marker: string;
  readonly word: string;
}

export const SEVERITY_STYLES: Readonly<Record<AlertSeverity, SeverityStyle>> = {
  critical: { marker: ':red_circle:', word: 'Critical' },
  high: { marker: ':large_orange_circle:', word: 'High' },
  medium: { marker: ':large_yellow_circle:', word: 'Medium' },
  low: { marker: ':large_blue_circle:', word: 'Low' },
  info: { marker: ':white_circle:', word: 'Info' },
};

