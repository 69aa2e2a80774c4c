/**
 * n8n 2.x publishes (activates) workflows in the background: the main's publication outbox registers the triggers
 * and webhooks after the activate call has answered. The editor shows progress from
 * `GET /rest/workflows/<id>/publication-status`; this waits on the same answer.
 */
import type { ClusterRest } from './rest';

export interface PublicationStatus {
  /** `in_progress`, `published`, `partial`, `failed` or `not_published`. */
  status: string;
  liveVersionId: string | null;
  pendingVersionId: string | null;
  triggers: Array<{ nodeId: string; status: string; errorMessage?: string | null }>;
}

/** Waits until `done(status)`; a publication that failed throws with n8n's reasons. */
export async function waitForPublication(
  rest: ClusterRest,
  workflowId: string,
  done: (s: PublicationStatus) => boolean,
  timeoutMs = 120_000,
): Promise<PublicationStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await rest.get<PublicationStatus>(`/rest/workflows/${workflowId}/publication-status`);
    if (done(status)) return status;
    if (status.status === 'failed' || status.status === 'partial') {
      const reasons = status.triggers.filter((t) => t.status === 'failed').map((t) => t.errorMessage);
      throw new Error(`workflow ${workflowId}: publication ${status.status}: ${reasons.join('; ')}`);
    }
    if (Date.now() > deadline)
      throw new Error(`workflow ${workflowId}: publication still ${JSON.stringify(status)} after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
