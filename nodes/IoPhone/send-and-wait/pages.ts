import type { FormField } from './form-fields';
import { inputName } from './form-fields';
import { bothButtonsLabel } from './links';

/**
 * The small pages a link in the text opens. A GET only ever shows a page: phones and messaging
 * apps fetch links to draw previews, so the answer is given by a button that POSTs the form back
 * to the same (signed) URL. No script, no outside resource.
 */

const escape = (text: string) =>
	text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] as string);

const STYLE = `
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:#f3f4f6;margin:0;padding:24px 16px;color:#111827}
main{max-width:420px;margin:0 auto;background:#fff;border-radius:12px;padding:24px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:20px;margin:0 0 12px}
.message{white-space:pre-wrap;background:#f9fafb;border-left:4px solid #d1d5db;padding:12px;margin:0 0 20px;border-radius:4px}
label{display:block;font-weight:600;margin:16px 0 6px}
input,select,textarea{width:100%;box-sizing:border-box;font:inherit;padding:10px;border:1px solid #d1d5db;border-radius:8px}
button{width:100%;font:inherit;font-weight:600;padding:14px;border:0;border-radius:8px;margin-top:20px;color:#fff;background:#2563eb}
button.decline{background:#b91c1c}
.problem{color:#b91c1c;font-weight:600}
.note{color:#6b7280;font-size:14px;margin-top:16px}`;

/** Headers of every page: no caching or indexing, and no Referer carrying the signed URL elsewhere. */
export const PAGE_HEADERS: Record<string, string> = {
	'Content-Type': 'text/html; charset=utf-8',
	'Cache-Control': 'no-store',
	'Referrer-Policy': 'no-referrer',
	'X-Robots-Tag': 'noindex, nofollow',
	'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
};

function page(title: string, body: string): string {
	return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escape(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

const messageBlock = (message: string) => (message.trim() ? `<p class="message">${escape(message.trim())}</p>` : '');

/** Approval: what the link answers, and the one button that records it. */
export function confirmPage(message: string, label: string, approved: boolean): string {
	return page(
		label,
		`<h1>${escape(label)}?</h1>${messageBlock(message)}<form method="post"><button type="submit" class="${approved ? 'approve' : 'decline'}">${escape(label)}</button></form><p class="note">Nothing is recorded until you press the button.</p>`,
	);
}

/** The name of the choice page's buttons: the pressed one posts approved=true or approved=false. */
export const CHOICE_FIELD = 'approved';

/**
 * Approve and Decline behind one link: both buttons in one form; only the pressed button's
 * name and value are posted (again with the problem when a post carried neither answer).
 */
export function choicePage(message: string, buttons: Array<{ label: string; approved: boolean }>, problem?: string): string {
	const heading = `${bothButtonsLabel(buttons[0].label, buttons[1].label)}?`;
	const pressable = buttons.map(
		({ label, approved }) => `<button type="submit" name="${CHOICE_FIELD}" value="${approved}" class="${approved ? 'approve' : 'decline'}">${escape(label)}</button>`,
	);
	return page(
		heading,
		`<h1>${escape(heading)}</h1>${messageBlock(message)}${problem ? `<p class="problem">${escape(problem)}</p>` : ''}<form method="post">${pressable.join('')}</form><p class="note">Nothing is recorded until you press a button.</p>`,
	);
}

interface FormPage {
	title: string;
	description: string;
	buttonLabel: string;
	fields: FormField[];
	problem?: string;
}

/**
 * Free Text and Custom Form: the form, again with the problem when a posted answer was incomplete.
 * Posted as multipart/form-data: n8n 2.x takes nothing else for a Custom Form (see postedFields).
 */
export function formPage({ title, description, buttonLabel, fields, problem }: FormPage): string {
	const inputs = fields.map((field, n) => {
		const name = inputName(n);
		const required = field.required ? ' required' : '';
		const hint = field.placeholder ? ` placeholder="${escape(field.placeholder)}"` : '';
		const label = `<label for="${name}">${escape(field.label)}${field.required ? ' *' : ''}</label>`;
		if (field.type === 'textarea') return `${label}<textarea id="${name}" name="${name}" rows="5"${hint}${required}></textarea>`;
		if (field.type === 'dropdown') {
			const options = field.choices.map((choice) => `<option>${escape(choice)}</option>`).join('');
			return `${label}<select id="${name}" name="${name}"${required}><option value=""></option>${options}</select>`;
		}
		return `${label}<input id="${name}" name="${name}" type="${field.type}"${field.type === 'number' ? ' step="any"' : ''}${hint}${required}>`;
	});
	const heading = title || 'Your answer';
	return page(
		heading,
		`<h1>${escape(heading)}</h1>${messageBlock(description)}${problem ? `<p class="problem">${escape(problem)}</p>` : ''}<form method="post" enctype="multipart/form-data">${inputs.join('')}<button type="submit">${escape(buttonLabel)}</button></form>`,
	);
}

/** A form that can no longer be built (its fields come from an expression that now fails). */
export function brokenFormPage(problem: string): string {
	return page('Form unavailable', `<h1>This form cannot be shown</h1><p class="problem">${escape(problem)}</p><p class="note">Ask the sender for a new link.</p>`);
}

/** After the answer was recorded. */
export function recordedPage(answer: string): string {
	return page('Answer recorded', `<h1>Got it, thanks</h1><p>Your answer was recorded: <strong>${escape(answer)}</strong>.</p><p class="note">This page can be closed now.</p>`);
}
