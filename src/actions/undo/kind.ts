/** What each kind of undo provides the undo action (one file per kind in this folder). */
import type { UndoKind, UndoOptions, UndoResult, UndoTarget } from '../../alerts/undo/model.js';
import type { ActionClients } from '../../aws/action-clients.js';

export interface UndoKindDefinition<Target extends UndoTarget> {
  readonly kind: Target['kind'] & UndoKind;
  /** What the undo acts on, for the summary: "EBS encryption by default in eu-west-1". */
  subject(target: Target): string;
  /**
   * Checks the resource is still as the event left it, then puts back what the event changed, in the alert's account
   * (`clients`). Never throws for an AWS error: a failure is an outcome with a human reason, the error its `cause`.
   * `options` is the admin's choice (checked by the undo action: only a kind that offers it receives it set).
   */
  run(target: Target, clients: ActionClients, options: UndoOptions): Promise<{ readonly result: UndoResult; readonly cause?: unknown }>;
}
