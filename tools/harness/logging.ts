/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * Logging for the harness.
 *
 * n8n-core reads its logger from the DI container (`Container.get(Logger)` from
 * `@n8n/backend-common`) and nodes may log through `LoggerProxy` from n8n-workflow.
 * The real Logger writes to the console through winston; in tests that is noise.
 * This module installs one quiet logger in both places. Every line (debug level
 * and up) goes to whatever sinks are active: `captureLogs()` adds one, and setting
 * `N8N_HARNESS_LOG=1` in the environment prints lines to stderr.
 */
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { LoggerProxy } from 'n8n-workflow';
import type { LogMetadata } from 'n8n-workflow';
import { inspect } from 'node:util';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface LogLine {
	level: LogLevel;
	scopes: string[];
	message: string;
	metadata?: LogMetadata;
	/** The whole line as text: level, scopes, message and every metadata value. */
	text: string;
}

type Sink = (line: LogLine) => void;

const sinks = new Set<Sink>();

function formatLine(
	level: LogLevel,
	scopes: string[],
	message: string,
	metadata?: LogMetadata,
): string {
	const scopeText = scopes.length ? ` [${scopes.join(',')}]` : '';
	const metaText =
		metadata && Object.keys(metadata).length > 0
			? ` ${inspect(metadata, { depth: 12, breakLength: Infinity, maxStringLength: null, maxArrayLength: null })}`
			: '';
	return `${level}${scopeText}: ${message}${metaText}`;
}

/** A Logger with the methods n8n-core calls (`error/warn/info/debug/scoped`). */
export class HarnessLogger {
	constructor(private readonly scopes: string[] = []) {}

	scoped(scopes: string | string[]): HarnessLogger {
		return new HarnessLogger([...this.scopes, ...(Array.isArray(scopes) ? scopes : [scopes])]);
	}

	error(message: string, metadata?: LogMetadata) {
		this.log('error', message, metadata);
	}

	warn(message: string, metadata?: LogMetadata) {
		this.log('warn', message, metadata);
	}

	info(message: string, metadata?: LogMetadata) {
		this.log('info', message, metadata);
	}

	debug(message: string, metadata?: LogMetadata) {
		this.log('debug', message, metadata);
	}

	private log(level: LogLevel, message: string, metadata?: LogMetadata) {
		const msg = typeof message === 'string' ? message : inspect(message);
		const line: LogLine = {
			level,
			scopes: this.scopes,
			message: msg,
			metadata,
			text: formatLine(level, this.scopes, msg, metadata),
		};
		for (const sink of sinks) sink(line);
		if (process.env.N8N_HARNESS_LOG) process.stderr.write(`[n8n] ${line.text}\n`);
	}
}

let installed: HarnessLogger | undefined;

/** Puts the harness logger into n8n's DI container and LoggerProxy (idempotent). */
export function installLogger(): HarnessLogger {
	if (installed && Container.has(Logger)) return installed;
	installed = new HarnessLogger();
	Container.set(Logger, installed as unknown as Logger);
	LoggerProxy.init(installed);
	return installed;
}

export interface LogCapture {
	/** Every captured line as text (see `LogLine.text`). */
	lines: string[];
	/** The same lines with their level, scopes, message and metadata. */
	entries: LogLine[];
	stop(): void;
}

/** Captures every log line (debug level and up) from now until `stop()`. */
export function captureLogs(): LogCapture {
	installLogger();
	const lines: string[] = [];
	const entries: LogLine[] = [];
	const sink: Sink = (line) => {
		lines.push(line.text);
		entries.push(line);
	};
	sinks.add(sink);
	return { lines, entries, stop: () => sinks.delete(sink) };
}
