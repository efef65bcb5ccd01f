/** IO Phone's documented test number: sends from it are simulated, no SMS goes out. */
export const TEST_NUMBER = '+19999999999';

/** Longest text IO Phone accepts, in characters (Unicode code points). */
export const MAX_TEXT_LENGTH = 2048;

export const CREDENTIAL_TYPE = 'ioPhoneApi';

export const DEFAULT_BASE_URL = 'https://rental.software/api6';

/** Where a credential test texts to; the send is from TEST_NUMBER, so nobody receives it. */
export const CREDENTIAL_TEST_RECIPIENT = '+16142579242';
