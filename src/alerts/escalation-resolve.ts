/**
 * The end of an escalation once its alert is acknowledged (the worker, on the acknowledgement job): the incidents
 * it opened are resolved in each service still configured, then it is forgotten. One acknowledged before it was due
 * is forgotten at once (the sweep would drop it anyway).
 */
import type { IncidentClient } from '../incidents/incident.js';
import type { StateStores } from '../store/index.js';
import type { IncidentService } from '../store/escalations/escalations.js';
import type { PostedMessage } from './ports.js';

/** The services whose incident was resolved (none when the alert had not been escalated). */
export async function resolveEscalation(
  state: Pick<StateStores, 'escalations'>,
  message: PostedMessage,
  options: { readonly acknowledgedBy: string; readonly incidents: () => Promise<readonly IncidentClient[]> },
): Promise<IncidentService[]> {
  const escalation = await state.escalations.get(message);
  if (escalation === undefined) return [];
  const resolved: IncidentService[] = [];
  if (escalation.incidents.length > 0) {
    const note = `Acknowledged in Slack by ${options.acknowledgedBy}`;
    for (const client of await options.incidents()) {
      if (!escalation.incidents.includes(client.service)) continue;
      await client.resolve(escalation.alert.deliveryId, note);
      resolved.push(client.service);
    }
  }
  await state.escalations.remove(message);
  return resolved;
}
