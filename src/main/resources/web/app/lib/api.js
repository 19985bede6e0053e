// Every call the dashboard makes goes through here: the same /api/v1 endpoints, scopes and problem
// details as any other client. The API key lives in this tab's sessionStorage only (never a cookie, never
// the URL, never localStorage) and travels in the Authorization header; cookies are never sent.

const KEY = 'tickvault.apiKey';
const ADMIN = 'tickvault.isAdmin';

/** The signed-in key of this tab, kept in sessionStorage: closing the tab forgets it. */
export const session = {
    key() {
        return sessionStorage.getItem(KEY);
    },
    isAdmin() {
        return sessionStorage.getItem(ADMIN) === 'true';
    },
    signIn(key, isAdmin) {
        sessionStorage.setItem(KEY, key);
        sessionStorage.setItem(ADMIN, String(isAdmin));
    },
    signOut() {
        sessionStorage.removeItem(KEY);
        sessionStorage.removeItem(ADMIN);
    },
};

/** A refused or failed call: the HTTP status (0 when tickvault could not be reached) and its problem. */
export class ApiError extends Error {
    constructor(status, problem, message) {
        super(message || (problem && (problem.detail || problem.title)) || ('HTTP ' + status));
        this.status = status;
        this.problem = problem;
    }
}

let onRefused = () => {};

/** Called when a signed-in call is answered 401: the key was revoked or has expired meanwhile. */
export function onKeyRefused(handler) {
    onRefused = handler;
}

function url(path, params) {
    const u = new URL(path, window.location.origin);
    for (const [name, value] of Object.entries(params || {})) {
        if (value !== undefined && value !== null && value !== '') {
            u.searchParams.set(name, value);
        }
    }
    return u;
}

// Read-your-writes when tickvault reads from replicas (README "Scaling out"): every write's answer carries
// Tickvault-Commit-LSN; the newest one this tab has seen goes out as Tickvault-Min-LSN on every /api/v1 call,
// so no answer comes from a replica that has not replayed it. The live feeds' frames carry the same kind of
// position (lsn), so a redraw after an event never reads a replica that has not replayed that event.
let minLsn = null;

/** Compares two WAL positions "X/Y" (hexadecimal halves) as numbers. */
function compareLsn(a, b) {
    const [ah, al] = a.split('/').map(h => parseInt(h, 16));
    const [bh, bl] = b.split('/').map(h => parseInt(h, 16));
    return ah !== bh ? ah - bh : al - bl;
}

/** Moves minLsn up to a WAL position, if it is one and is newer. */
function advance(lsn) {
    if (lsn && /^[0-9A-Fa-f]{1,8}\/[0-9A-Fa-f]{1,8}$/.test(lsn) && (minLsn === null || compareLsn(lsn, minLsn) > 0)) {
        minLsn = lsn;
    }
}

function remember(response) {
    advance(response.headers.get('Tickvault-Commit-LSN'));
    return response;
}

async function send(path, params, key, accept) {
    const headers = { Accept: accept || 'application/json' };
    if (key) {
        headers.Authorization = 'Bearer ' + key;
        if (minLsn !== null) {
            headers['Tickvault-Min-LSN'] = minLsn;
        }
    }
    try {
        return remember(await fetch(url(path, params), { headers, credentials: 'omit', cache: 'no-store' }));
    } catch (e) {
        throw new ApiError(0, null, 'tickvault cannot be reached: ' + e.message);
    }
}

async function problemOf(response) {
    try {
        return await response.json();
    } catch (e) {
        return null;
    }
}

/**
 * GET an /api/v1 path with the signed-in key (or options.key) and answer its JSON.
 * Throws ApiError for any other status; a 401 on a signed-in call also signs the tab out.
 */
export async function get(path, params, options = {}) {
    const key = options.key || session.key();
    const response = await send(path, params, key);
    if (response.ok) {
        return response.status === 204 ? null : response.json();
    }
    const error = new ApiError(response.status, await problemOf(response));
    if (response.status === 401 && !options.key) {
        onRefused(error);
    }
    throw error;
}

/** GET that answers null for a 404 instead of throwing: for endpoints that may not exist yet. */
export async function getIfPresent(path, params) {
    try {
        return await get(path, params);
    } catch (e) {
        if (e.status === 404 || e.status === 405) {
            return null;
        }
        throw e;
    }
}

/**
 * Every item of a keyset-paged list ({"data":[...],"nextCursor"}), following nextCursor for at most
 * maxPages pages. Answers {items, complete}: complete is false when pages were left unread.
 */
export async function pages(path, params, { limit = 1000, maxPages = 5, field = 'data' } = {}) {
    const items = [];
    let cursor = null;
    for (let page = 0; page < maxPages; page++) {
        const body = await get(path, { ...params, limit, cursor });
        items.push(...(body[field] || []));
        cursor = body.nextCursor;
        if (!cursor) {
            return { items, complete: true };
        }
    }
    return { items, complete: false };
}

/** A public endpoint outside /api/v1 (health, metrics): no key is sent. Answers {status, body}. */
export async function publicGet(path, accept) {
    const response = await send(path, null, null, accept);
    const text = await response.text();
    let body = text;
    if ((response.headers.get('Content-Type') || '').includes('json')) {
        try {
            body = JSON.parse(text);
        } catch (e) {
            body = null;
        }
    }
    return { status: response.status, body };
}

/**
 * Follows a live feed (Server-Sent Events) with the signed-in key in the Authorization header, which
 * EventSource cannot send: fetch reads the stream and each frame with data is handed to onEvent(name, data).
 * A stream that ends or breaks is resumed two seconds later with Last-Event-ID, so nothing is missed; after a
 * 410 it starts afresh and onEvent('reset') tells the caller to read what it holds again. Answers a function
 * that stops following.
 */
export function follow(path, params, onEvent) {
    let stopped = false;
    let lastId = null;
    let controller = null;
    const run = async () => {
        while (!stopped) {
            controller = new AbortController();
            const headers = { Accept: 'text/event-stream', Authorization: 'Bearer ' + session.key() };
            if (lastId) {
                headers['Last-Event-ID'] = lastId;
            }
            try {
                const response = await fetch(url(path, params),
                    { headers, credentials: 'omit', cache: 'no-store', signal: controller.signal });
                if (response.status === 401) {
                    onRefused(new ApiError(401, await problemOf(response)));
                    return;
                }
                if (response.status === 410) {
                    lastId = null;
                    onEvent('reset', null);
                } else if (response.ok && response.body) {
                    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
                    let buffer = '';
                    for (;;) {
                        const { value, done } = await reader.read();
                        if (done) {
                            break;
                        }
                        buffer += value;
                        let end;
                        while ((end = buffer.indexOf('\n\n')) >= 0) {
                            const frame = parseFrame(buffer.slice(0, end));
                            buffer = buffer.slice(end + 2);
                            if (frame.id !== null) {
                                lastId = frame.id;
                            }
                            // The feed's lsn: the reads that follow an event (a redraw) see what it announced,
                            // also from a replica.
                            advance(frame.lsn);
                            if (frame.data !== null) {
                                onEvent(frame.event, frame.data);
                            }
                        }
                    }
                }
            } catch (e) {
                // Stopped, or the stream broke: resumed below from the last id.
            }
            if (!stopped) {
                await new Promise(resolve => setTimeout(resolve, 2000));
            }
        }
    };
    run();
    return () => {
        stopped = true;
        if (controller) {
            controller.abort();
        }
    };
}

/** One Server-Sent Events frame (WHATWG HTML, "Parsing an event stream"): comments skipped. */
function parseFrame(text) {
    const frame = { event: 'message', id: null, lsn: null, data: null };
    for (const line of text.split('\n')) {
        if (line.startsWith(':')) {
            continue;
        }
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) {
            value = value.slice(1);
        }
        if (field === 'event') {
            frame.event = value;
        } else if (field === 'id') {
            frame.id = value;
        } else if (field === 'lsn') {
            frame.lsn = value;
        } else if (field === 'data') {
            frame.data = frame.data === null ? value : frame.data + '\n' + value;
        }
    }
    return frame;
}

/** The path segment of a symbol: ^GSPC becomes %5EGSPC. */
export function symbolPath(symbol) {
    return encodeURIComponent(symbol);
}
