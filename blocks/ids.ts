/**
 * The `action_id`s and `block_id`s of secmon's interactive messages: the contract between the builders here and the
 * Slack listeners, which register with exactly these constants (`app.action(ACTION_IDS.acknowledge, ...)`). Changing
 * one orphans the buttons of every message already posted, so treat them as a wire format.
 */

export const ACTION_IDS = {
  /** Button: "I'm on it". Value: an acknowledge value (blocks/action-values.ts). */
  acknowledge: 'secmon_acknowledge',
  /**
   * static_select "Silence for…" with the options of SILENCE_DURATIONS; each option's value is a silence value.
   *
   * A select rather than four buttons: silencing hides a security monitor's alerts, so a deliberate two-step choice
   * (open, pick) is a feature, not friction; one control keeps the row for the actions that matter more
   * (Acknowledge, Revert, Open in console), where four more buttons would wrap onto extra lines on desktop and stack
   * into a long column on mobile, with "7 d" one slip away from "24 h". Silences also expire by themselves and can be
   * lifted with `/secmon unsilence`, so the select carries no confirm dialog. The cost: an option value holds at most
   * 75 characters, so it carries only the monitor and duration; the alert's delivery id travels in the block id
   * (alertActionsBlockId in blocks/action-values.ts).
   */
  silence: 'secmon_silence',
  /** Danger button with a confirm dialog naming the group and rules. Value: a revert value. */
  revert: 'secmon_revert',
  /** Button next to Revert: approve keeping the change (the listener asks for a reason). Value: a keep value. */
  keep: 'secmon_keep',
  /**
   * Event alerts: "Suppress similar…" opens a modal for a suppression rule pre-filled with the alert's monitor,
   * principal and account (src/slack/app/suppress-interactions.ts). Value: an acknowledge value (the delivery id and
   * monitor id are all it needs; the principal and account are read from the stored alert).
   */
  suppressSimilar: 'secmon_suppress_similar',
  /** Danger button undoing the change of an alert with an undo target (src/alerts/undo/). Value: an undo value. */
  undo: 'secmon_undo',
  /**
   * The second Undo button of a KMS key deletion: cancel the deletion and enable the key (the first one leaves it
   * disabled). Its own id only because action ids must be unique within a block; the same listener handles both, and
   * the choice travels in the undo value.
   */
  undoEnable: 'secmon_undo_enable',
  /** Finding alerts: suppress the finding at its source (the listener asks for a reason). Value: a finding value. */
  findingSuppress: 'secmon_finding_suppress',
  /** Security Hub finding alerts: mark the finding RESOLVED, with a confirm dialog. Value: a finding value. */
  findingResolve: 'secmon_finding_resolve',
  /**
   * Link buttons to the AWS console (CloudTrail event, alarm). Slack still sends an interaction for a link button, so
   * the listener must ack it: match OPEN_CONSOLE_ACTION_PATTERN, since each link of a message gets its own id.
   */
  openConsole: 'secmon_open_console',
} as const;

export type SecmonActionId = (typeof ACTION_IDS)[keyof typeof ACTION_IDS];

/** The n-th console link of a message (action ids must be unique within a block). */
export function openConsoleActionId(index: number): string {
  return index === 0 ? ACTION_IDS.openConsole : `${ACTION_IDS.openConsole}_${index}`;
}

export const OPEN_CONSOLE_ACTION_PATTERN = /^secmon_open_console(?:_\d+)?$/;

export const BLOCK_IDS = {
  /**
   * Prefix of the actions block holding Acknowledge, Silence and the console links; the full id is
   * `secmon_alert_actions:<deliveryId>` (see alertActionsBlockId).
   */
  alertActions: 'secmon_alert_actions',
  /** The actions block holding Revert and Keep, under the description of what a revert would revoke. */
  remediationActions: 'secmon_remediation_actions',
} as const;
