/** IO Phone simulator for tests: a real HTTP server following the API contract in docs/iophone-api.md. */
export { IoPhoneSimulator, DEFAULT_API_KEY, DEFAULT_ACCOUNT_NUMBERS, FIRST_MESSAGE_ID } from './server';
export { TEST_NUMBER } from './phone-numbers';
export { encodingOf, segmentCount } from './segments';
export { MAX_TEXT_LENGTH } from './send-text';
export { WEBHOOK_TIMEOUT_MS } from './webhooks';
export type {
	SimulatorOptions,
	RecordedRequest,
	SentMessage,
	WebhookDelivery,
	WebhookPayload,
	DeliveredWebhook,
	ReceivedWebhook,
	FailedWebhook,
	Fault,
	StatusFault,
	RateLimitFault,
	SlowFault,
	ResetBeforeReadFault,
	ResetAfterReadFault,
	NonJsonFault,
	HtmlFault,
	StatusInBodyFault,
} from './types';
