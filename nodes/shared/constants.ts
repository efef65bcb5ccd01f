/** The credential type both nodes use (credentials/IoPhoneApi.credentials.ts). */
export const CREDENTIAL_TYPE = 'ioPhoneApi';

/** Where the IO Phone API lives unless the credential's Base URL says otherwise. */
export const DEFAULT_BASE_URL = 'https://rental.software/api6';

/** IO Phone's documented test number: sends from it are simulated, no SMS goes out. */
export const TEST_NUMBER = '+19999999999';

/** Longest text IO Phone accepts, in characters (Unicode code points). */
export const MAX_TEXT_LENGTH = 2048;

/** How long a send waits for IO Phone's answer, in milliseconds, unless the node says otherwise. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Where a credential test texts to; the send is from TEST_NUMBER, so nobody receives it. The
 * trigger knows that send's delivery by this recipient and ignores it (nodes/IoPhoneTrigger/events.ts),
 * so it is a number reserved for fiction (555-01xx) that no placeholder or example uses: a user's own
 * Test Mode send from the test number is never taken for the credential test.
 */
export const CREDENTIAL_TEST_RECIPIENT = '+12015550100';

/** Both nodes' icon, light and dark (gulp copies icons/ next to dist/nodes/). */
export const NODE_ICON = { light: 'file:../../icons/iophone.svg', dark: 'file:../../icons/iophone.dark.svg' } as const;
