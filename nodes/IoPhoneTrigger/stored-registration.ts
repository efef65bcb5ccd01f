import type { IDataObject } from 'n8n-workflow';

/**
 * What the workflow's static data remembers about the URLs IO Phone has stored. A test listen
 * ("Execute step") works on a blank copy of it that n8n never saves, so it can neither read nor
 * overwrite the published workflow's registration. Versions before 1.3 keep their one number in
 * `fromNumber` and `setupRecipient` (as saved workflows have it); 1.3 keeps `numbers`, each
 * with the recipient of its setup text.
 */
export interface StoredRegistration extends IDataObject {
	webhookUrl?: string;
	fromNumber?: string;
	registration?: string;
	token?: string;
	setupRecipient?: string;
	numbers?: Record<string, { setupRecipient?: string }>;
	/** Test listens only: the Production URL to point the numbers back at when listening ends. */
	productionUrl?: string;
}

const KEYS = ['webhookUrl', 'fromNumber', 'registration', 'token', 'setupRecipient', 'numbers', 'productionUrl'];

/** A registration read from either layout: each number with the recipient of its setup text, if one went out. */
export interface Registration {
	webhookUrl: string;
	registration: string;
	token?: string;
	productionUrl?: string;
	numbers: Map<string, string | undefined>;
}

export function read(data: StoredRegistration): Registration | undefined {
	if (!data.webhookUrl || !data.registration) return undefined;
	const numbers = new Map<string, string | undefined>(
		data.numbers
			? Object.entries(data.numbers).map(([number, { setupRecipient }]) => [number, setupRecipient])
			: data.fromNumber
				? [[data.fromNumber, data.setupRecipient]]
				: [],
	);
	const { webhookUrl, registration, token, productionUrl } = data;
	return { webhookUrl, registration, numbers, ...(token ? { token } : {}), ...(productionUrl ? { productionUrl } : {}) };
}

export function forget(data: StoredRegistration) {
	for (const key of KEYS) delete data[key];
}

/** Writes what is registered so far, in the node version's layout (called after each setup text). */
export function write(data: StoredRegistration, registration: Registration, severalNumbers: boolean) {
	forget(data);
	const { webhookUrl, numbers, token, productionUrl } = registration;
	if (severalNumbers) {
		const byNumber = Object.fromEntries([...numbers].map(([number, setupRecipient]) => [number, setupRecipient ? { setupRecipient } : {}]));
		Object.assign(data, { webhookUrl, registration: registration.registration, numbers: byNumber });
	} else {
		const [[fromNumber, setupRecipient] = ['', undefined]] = [...numbers];
		Object.assign(data, { webhookUrl, fromNumber, registration: registration.registration, ...(setupRecipient ? { setupRecipient } : {}) });
	}
	Object.assign(data, { ...(token ? { token } : {}), ...(productionUrl ? { productionUrl } : {}) });
}
