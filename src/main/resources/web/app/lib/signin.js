// Sign-in: the key is checked against the API itself before it is kept. GET /api/v1/symbols needs the read
// scope; GET /api/v1/admin/api-keys?limit=1 tells whether the key also holds admin (a read key gets 403
// there, which the audit log records as a forbidden call, as it would for any client).

import { ApiError, get, session } from './api.js';
import { el, replace } from './dom.js';

/** Why a key was refused, in words a person can act on. */
export function refusal(error) {
    const detail = error.problem && error.problem.detail ? ' (' + error.problem.detail + ')' : '';
    switch (error.status) {
        case 401:
            return 'This key was refused (401): tickvault does not know it, or it was revoked or has expired.'
                + ' Check the key, or ask an administrator for a new one.' + detail;
        case 403:
            return 'This key is valid but lacks the read scope (403), so it cannot see the data.' + detail;
        case 429:
            return 'This key has reached its rate limit (429); try again in a minute.' + detail;
        case 503:
            return 'tickvault cannot reach its database right now (503); try again shortly.' + detail;
        case 0:
            return error.message;
        default:
            return 'The key could not be checked: HTTP ' + error.status + detail;
    }
}

/** Checks a key and, when it reads, keeps it for this tab. Answers whether it is an admin key. */
export async function signIn(key) {
    await get('/api/v1/symbols', null, { key });
    let isAdmin = false;
    try {
        await get('/api/v1/admin/api-keys', { limit: 1 }, { key });
        isAdmin = true;
    } catch (e) {
        if (!(e instanceof ApiError) || e.status !== 403) {
            throw e;
        }
    }
    session.signIn(key, isAdmin);
    return isAdmin;
}

/** The sign-in form, with an optional message (why the previous key was signed out). */
export function renderSignIn(main, message, onSignedIn) {
    const input = el('input', {
        id: 'api-key', name: 'api-key', type: 'password', autocomplete: 'off', spellcheck: 'false',
        placeholder: 'tv_xxxxxxxx_…', required: true, 'aria-describedby': 'sign-in-help',
    });
    const status = el('p', { id: 'sign-in-message', class: message ? 'error' : 'hint', role: 'alert' }, message || '');
    const button = el('button', { type: 'submit', id: 'sign-in' }, 'Sign in');
    const form = el('form', { class: 'card sign-in', id: 'sign-in-form' },
        el('h1', {}, 'Sign in'),
        el('label', { for: 'api-key' }, 'API key'),
        input,
        el('p', { id: 'sign-in-help', class: 'hint' },
            'The key is kept in this tab only (session storage) and sent in the Authorization header of each ',
            'call to /api/v1. Closing the tab forgets it. In dev mode the quick start logs an admin key.'),
        button,
        status);
    form.addEventListener('submit', async event => {
        event.preventDefault();
        const key = input.value.trim();
        if (!key) {
            return;
        }
        button.disabled = true;
        replace(status, 'Checking the key…');
        status.className = 'hint';
        try {
            const isAdmin = await signIn(key);
            onSignedIn(isAdmin);
        } catch (e) {
            session.signOut();
            status.className = 'error';
            replace(status, refusal(e));
            input.select();
        } finally {
            button.disabled = false;
        }
    });
    replace(main, form);
    input.focus();
}
