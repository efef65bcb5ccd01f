/** The package's home page; README.md there is the user's manual the editor's Docs links open. */
export const REPOSITORY_URL = 'https://github.com/n8n-nodes-iophone/n8n-nodes-iophone';

/** README sections the editor links to, by what the user is looking at. */
export const DOCS = {
	credentials: `${REPOSITORY_URL}#credentials`,
	send: `${REPOSITORY_URL}#io-phone-node`,
	sendAndWait: `${REPOSITORY_URL}#send-and-wait-for-response`,
	humanReview: `${REPOSITORY_URL}#ai-agent-human-review`,
	trigger: `${REPOSITORY_URL}#io-phone-trigger-node`,
} as const;
