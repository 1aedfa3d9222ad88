// The demo app's webhook route, framework-neutral: what a verified event adds to the page's list,
// and the answer to a refused delivery. Each app in apps/ only finds the raw body its own way.
const MAX_EVENTS = 10;

export function createWebhookLog() {
  const events = [];
  return {
    /** Newest first, the last ten. */
    list: () => events,
    /** `verification` is the adapter's verifyWebhook(…) promise; returns the status and body to send. */
    async answer(verification) {
      try {
        const event = await verification;
        events.unshift({
          type: event.type,
          id: event.data.id,
          firstName: event.data.first_name,
          publicMetadata: event.data.public_metadata,
          receivedAt: new Date().toISOString(),
        });
        events.length = Math.min(events.length, MAX_EVENTS);
        return { status: 200, body: { received: event.type } };
      } catch (error) {
        // A refused delivery is the sender's problem: 400 (413 for the size) with the reason, never 500.
        if (error?.name !== 'WebhookVerificationError') throw error;
        return { status: error.status, body: { error: 'bad_request', reason: error.reason } };
      }
    },
  };
}
