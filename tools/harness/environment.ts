/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * The process-wide pieces n8n-core takes from its DI container.
 *
 * - `Logger`: the quiet harness logger (see logging.ts).
 * - `InstanceSettingsConfig`: n8n's instance settings (encryption key, `~/.n8n` folder).
 *   Left alone, `InstanceSettings` would create `~/.n8n/config` with a new key in the
 *   user's home; here it points at a temporary folder with a fixed per-process key, so
 *   `Credentials` (n8n-core) encrypt and decrypt stored credential data as n8n does.
 *
 * - `EncryptionKeyProxy`: n8n 2.x encrypts credentials with data-encryption keys kept in
 *   its database, each wrapped with the instance key. The harness provides one active
 *   key (AES-256-GCM, `<keyId>:` prefixed ciphertexts) and the legacy key (the instance
 *   key itself, AES-256-CBC, unprefixed), the two shapes n8n reads.
 *
 * Everything else (ErrorReporter, OutboundHttp, SecurityConfig, BinaryDataService…) is
 * built by the container from n8n's own defaults.
 */
import { InstanceSettingsConfig } from '@n8n/config';
import { Container } from '@n8n/di';
import { Cipher, EncryptionKeyProxy } from 'n8n-core';
import type { IEncryptionKeyProvider, KeyInfo } from 'n8n-core';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { installLogger } from './logging';

let userFolder: string | undefined;

export function ensureN8nEnvironment(): void {
	installLogger();
	if (userFolder) return;

	userFolder = makeUserFolder();
	const config = Object.assign(new InstanceSettingsConfig(), {
		userHome: userFolder,
		n8nFolder: path.join(userFolder, '.n8n'),
		encryptionKey: randomBytes(24).toString('base64'),
		enforceSettingsFilePermissions: false,
	});
	Container.set(InstanceSettingsConfig, config);
	Container.get(EncryptionKeyProxy).setProvider(createKeyProvider(config.encryptionKey));
}

/**
 * `<tmp>/n8n-nodes-iophone-harness/<pid>-<random>`: one folder per loaded harness (jest
 * loads it once per test file). Folders of processes that no longer run are removed here,
 * as jest workers do not reliably run exit handlers.
 */
function makeUserFolder(): string {
	const root = path.join(tmpdir(), 'n8n-nodes-iophone-harness');
	mkdirSync(root, { recursive: true });
	for (const entry of readdirSync(root)) {
		const pid = Number(entry.split('-')[0]);
		if (!Number.isInteger(pid) || pid === process.pid || isRunning(pid)) continue;
		rmSync(path.join(root, entry), { recursive: true, force: true });
	}
	const folder = path.join(root, `${process.pid}-${randomBytes(4).toString('hex')}`);
	mkdirSync(folder, { recursive: true });
	return folder;
}

function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

function createKeyProvider(instanceKey: string): IEncryptionKeyProvider {
	const cipher = Container.get(Cipher);
	const activeKey: KeyInfo = {
		id: 'harness1',
		value: cipher.encryptDEKWithInstanceKey(randomBytes(32).toString('hex')),
		algorithm: 'aes-256-gcm',
		format: 'prefixed',
	};
	const legacyKey: KeyInfo = {
		id: 'legacy',
		value: cipher.encryptDEKWithInstanceKey(instanceKey),
		algorithm: 'aes-256-cbc',
		format: 'no-prefix',
	};
	return {
		getActiveKey: async () => activeKey,
		getKeyById: async (id) => (id === activeKey.id ? activeKey : null),
		getLegacyKey: async () => legacyKey,
	};
}
