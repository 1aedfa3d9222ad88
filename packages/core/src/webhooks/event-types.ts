// The shapes of Clerk's webhook events (Clerk's Backend API JSON, snake_case, as Clerk sends it).
// Only the fields apps commonly read are named; everything else Clerk sends is still there.

/** Any further field Clerk sends; read it as `unknown` and check it. */
type OpenObject = { [field: string]: unknown };

export interface WebhookEmailAddressJSON extends OpenObject {
  object: 'email_address';
  id: string;
  email_address: string;
}

export interface WebhookUserJSON extends OpenObject {
  object: 'user';
  id: string;
  username: string | null;
  first_name: string | null;
  last_name: string | null;
  image_url: string;
  primary_email_address_id: string | null;
  email_addresses: WebhookEmailAddressJSON[];
  public_metadata: Record<string, unknown>;
  created_at: number;
  updated_at: number;
}

/** `user.deleted`, `organization.deleted`: only the id is left. */
export interface WebhookDeletedObjectJSON extends OpenObject {
  object: string;
  id?: string;
  deleted: boolean;
}

export interface WebhookSessionJSON extends OpenObject {
  object: 'session';
  id: string;
  client_id: string;
  user_id: string;
  status: string;
  last_active_at: number;
  expire_at: number;
  abandon_at: number;
  created_at: number;
  updated_at: number;
}

export interface WebhookOrganizationJSON extends OpenObject {
  object: 'organization';
  id: string;
  name: string;
  slug: string;
  image_url?: string;
  public_metadata: Record<string, unknown> | null;
  created_at: number;
  updated_at: number;
}

export interface WebhookOrganizationMembershipJSON extends OpenObject {
  object: 'organization_membership';
  id: string;
  role: string;
  permissions?: string[];
  organization: WebhookOrganizationJSON;
  public_user_data: OpenObject & { user_id: string; identifier: string };
  created_at: number;
  updated_at: number;
}

/** Who caused the event, when Clerk knows it. */
export interface WebhookEventAttributes extends OpenObject {
  http_request?: { client_ip: string; user_agent: string };
}

interface EventOf<Type extends string, Data> {
  type: Type;
  object: 'event';
  data: Data;
  event_attributes?: WebhookEventAttributes;
  /** Milliseconds since the epoch, when Clerk sends it. */
  timestamp?: number;
  instance_id?: string;
}

/** One variant per type, so that `type` narrows `data`. */
type EventsOf<Types extends string, Data> = Types extends string ? EventOf<Types, Data> : never;

export type UserWebhookEvent =
  | EventsOf<'user.created' | 'user.updated', WebhookUserJSON>
  | EventOf<'user.deleted', WebhookDeletedObjectJSON>;
export type SessionWebhookEvent = EventsOf<
  'session.created' | 'session.ended' | 'session.removed' | 'session.revoked',
  WebhookSessionJSON
>;
export type OrganizationWebhookEvent =
  | EventsOf<'organization.created' | 'organization.updated', WebhookOrganizationJSON>
  | EventOf<'organization.deleted', WebhookDeletedObjectJSON>;
export type OrganizationMembershipWebhookEvent = EventsOf<
  'organizationMembership.created' | 'organizationMembership.updated' | 'organizationMembership.deleted',
  WebhookOrganizationMembershipJSON
>;

/** The events Clerk documents, typed by `type`. */
export type KnownWebhookEvent =
  | UserWebhookEvent
  | SessionWebhookEvent
  | OrganizationWebhookEvent
  | OrganizationMembershipWebhookEvent;

export type KnownWebhookEventType = KnownWebhookEvent['type'];

/**
 * Another event type (Clerk adds them: `email.created`, `role.created`, …): `data` is an object
 * whose fields are checked before use.
 */
export interface UnknownWebhookEvent extends EventOf<string, OpenObject> {}

/**
 * What `verifyWebhook` returns (Clerk's name). TypeScript keeps the fallback in a `switch` on
 * `type` (its `type` is any string), so narrow with `isWebhookEventType(event, 'user.created')`
 * to get `data` typed without a cast.
 */
export type WebhookEvent = KnownWebhookEvent | UnknownWebhookEvent;

export type WebhookEventType = WebhookEvent['type'];

/** Narrows a verified event to the variant of one known type. */
export function isWebhookEventType<Type extends KnownWebhookEventType>(
  event: WebhookEvent,
  type: Type,
): event is Extract<KnownWebhookEvent, { type: Type }> {
  return event.type === type;
}
