import { WebhookVerificationError as WebhookError, type WebhookVerificationError } from '@sessionguard/core';
import { expect } from 'vitest';

/** A Clerk `user.updated` event, as Clerk's dashboard shows one (fields trimmed). */
export function userUpdated(id = 'user_2x', firstName = 'Ada') {
  return {
    type: 'user.updated',
    object: 'event',
    timestamp: 1_764_576_000_000,
    instance_id: 'ins_2x',
    data: {
      object: 'user',
      id,
      first_name: firstName,
      last_name: 'Lovelace',
      username: null,
      image_url: 'https://img.clerk.com/x',
      primary_email_address_id: 'idn_1',
      email_addresses: [{ object: 'email_address', id: 'idn_1', email_address: 'ada@example.com' }],
      public_metadata: {},
      created_at: 1_764_000_000_000,
      updated_at: 1_764_576_000_000,
    },
    event_attributes: { http_request: { client_ip: '127.0.0.1', user_agent: 'test' } },
  };
}

/** Runs `attempt`, expects a WebhookVerificationError and returns it. */
export async function refusal(attempt: () => Promise<unknown>): Promise<WebhookVerificationError> {
  const error = await attempt().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(WebhookError);
  return error as WebhookVerificationError;
}
