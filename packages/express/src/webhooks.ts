// `@sessionguard/express/webhooks`, as Clerk's `@clerk/express/webhooks`: verifyWebhook(req, options?)
// with the event types, the error class and its reasons (Connect's, which reads Express's req).
export * from '@sessionguard/connect/webhooks';
