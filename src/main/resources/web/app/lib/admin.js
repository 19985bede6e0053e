// Administration, for admin keys only (the navigation hides it from other keys, and the API refuses them
// with 403 anyway): the audit log with its filters (GET /api/v1/admin/audit, newest first, paged), the API
// keys (never a secret), the database statistics, and the panels of endpoints that later versions add
// (partitions, retention, rollups: DESIGN 8). Each of those is asked once; a 404 means this tickvault does
// not have it yet, and its panel stays hidden.

import { get, getIfPresent, session } from './api.js';
import { bytes, el, errorBox, integer, replace, table, text, utcSeconds } from './dom.js';

const EVENTS = ['auth_failed', 'forbidden', 'rate_limited', 'key_created', 'key_revoked', 'admin_call'];
const OPTIONAL = [
    ['partitions', '/api/v1/admin/partitions', 'Partitions of market_data.ohlcv: range, rows estimate, size.'],
    ['retention', '/api/v1/admin/retention', 'Retention policies per timeframe.'],
    ['rollups', '/api/v1/admin/rollups', 'Rollups: watermark, lag, rows.'],
];

/** A table of records whose shape the page does not know: one column per field of the first records. */
function anyTable(records, id) {
    const keys = [];
    for (const r of records.slice(0, 20)) {
        for (const k of Object.keys(r || {})) {
            if (!keys.includes(k)) {
                keys.push(k);
            }
        }
    }
    return table(keys.map(k => ({ label: k, value: r => text(r[k]) })), records, { id });
}

function anyValue(body, id) {
    const records = Array.isArray(body) ? body : (body && Array.isArray(body.data) ? body.data : null);
    if (records) {
        return records.length ? anyTable(records, id) : el('p', { class: 'hint' }, 'None.');
    }
    return el('dl', { id }, Object.entries(body || {}).map(([k, v]) => [el('dt', {}, k), el('dd', {}, text(v))]));
}

function auditSection() {
    const event = el('select', { id: 'audit-event', 'aria-label': 'Event' }, el('option', { value: '' }, 'any event'),
        EVENTS.map(e => el('option', { value: e }, e)));
    const keyId = el('input', { id: 'audit-key', placeholder: 'key id', size: 10, 'aria-label': 'Key id' });
    const from = el('input', { id: 'audit-from', type: 'date', 'aria-label': 'From (UTC)' });
    const to = el('input', { id: 'audit-to', type: 'date', 'aria-label': 'To (UTC, exclusive)' });
    const form = el('form', { class: 'filters', id: 'audit-form' },
        el('label', {}, 'Event ', event), el('label', {}, 'Key ', keyId), el('label', {}, 'From ', from),
        el('label', {}, 'To ', to), el('button', { type: 'submit' }, 'Filter'));
    const list = el('div', { id: 'audit' });
    let latest = 0;
    const load = async (cursor, shown) => {
        const params = { event: event.value, keyId: keyId.value.trim(), from: from.value, to: to.value, limit: 50, cursor };
        const seq = ++latest;
        try {
            const page = await get('/api/v1/admin/audit', params);
            if (seq !== latest) {
                return; // a newer filter was asked for meanwhile
            }
            const rows = shown.concat(page.data || []);
            // The filters the rows answer, so a reader (or a test) knows which list it is looking at.
            list.dataset.query = new URLSearchParams(Object.entries(params)
                .filter(([k, v]) => v && k !== 'limit' && k !== 'cursor')).toString();
            replace(list,
                rows.length === 0 ? el('p', { class: 'hint' }, 'No audit records match.') : table([
                    { label: 'When (UTC)', value: a => utcSeconds(a.occurredAt) },
                    { label: 'Event', value: a => el('span', { class: 'badge event-' + a.event }, a.event) },
                    { label: 'Key', value: a => a.keyId || '–' },
                    { label: 'Client', value: a => a.clientAddress || '–' },
                    { label: 'Request', value: a => (a.method || '') + ' ' + (a.path || '') },
                    { label: 'Status', value: a => a.status === undefined || a.status === null ? '–' : String(a.status), num: true },
                    { label: 'Detail', value: a => a.detail || '–' },
                ], rows, { id: 'audit-table' }),
                page.nextCursor ? el('button', { type: 'button', class: 'more', onclick: () => load(page.nextCursor, rows) },
                    'Load more') : null);
        } catch (e) {
            if (seq === latest) {
                replace(list, errorBox(e, 'The audit log could not be read'));
            }
        }
    };
    form.addEventListener('submit', event => {
        event.preventDefault();
        load(null, []);
    });
    load(null, []);
    return el('section', { class: 'admin-panel', id: 'panel-audit' }, el('h2', {}, 'Audit log'), form, list);
}

async function keysSection(box) {
    try {
        const page = await get('/api/v1/admin/api-keys', { order: 'desc', limit: 100 });
        replace(box, el('h2', {}, 'API keys'), table([
            { label: 'Id', value: k => k.id },
            { label: 'Name', value: k => k.name },
            { label: 'Scopes', value: k => (k.scopes || []).join(', ') },
            { label: 'Created (UTC)', value: k => utcSeconds(k.createdAt) },
            { label: 'Expires', value: k => k.expiresAt ? utcSeconds(k.expiresAt) : 'never' },
            { label: 'Revoked', value: k => k.revokedAt ? utcSeconds(k.revokedAt) : '–' },
            { label: 'Limit/min', value: k => k.rateLimitPerMinute ? integer(k.rateLimitPerMinute) : '–', num: true },
        ], page.data || [], { id: 'keys-table' }),
        page.nextCursor ? el('p', { class: 'hint' }, 'The 100 newest keys are shown.') : null);
    } catch (e) {
        replace(box, el('h2', {}, 'API keys'), errorBox(e, 'The keys could not be read'));
    }
}

async function statsSection(box) {
    try {
        const stats = await get('/api/v1/admin/db/stats', { limit: 5 });
        const tables = (stats.tables || []).slice().sort((a, b) => b.totalBytes - a.totalBytes).slice(0, 12);
        replace(box, el('h2', {}, 'Database'),
            el('p', {}, stats.database.name + ' · ' + bytes(stats.database.sizeBytes) + ' · PostgreSQL '
                + stats.database.serverVersion + ' · collected ' + utcSeconds(stats.collectedAt) + ' UTC'),
            table([
                { label: 'Table', value: t => t.schema + '.' + t.name },
                { label: 'Size', value: t => bytes(t.totalBytes), num: true },
                { label: 'Rows (estimate)', value: t => integer(t.rowEstimate), num: true },
            ], tables, { id: 'tables-table' }));
    } catch (e) {
        replace(box, el('h2', {}, 'Database'), errorBox(e, 'The database statistics could not be read'));
    }
}

async function optionalSection(box, name, path, about) {
    try {
        const body = await getIfPresent(path);
        if (body === null) {
            box.hidden = true;
            box.dataset.state = 'absent';
            return;
        }
        box.hidden = false;
        box.dataset.state = 'present';
        replace(box, el('h2', {}, name[0].toUpperCase() + name.slice(1)), el('p', { class: 'hint' }, about),
            anyValue(body, name + '-table'));
    } catch (e) {
        box.hidden = false;
        replace(box, el('h2', {}, name), errorBox(e, 'Could not be read'));
    }
}

/** Renders the admin view into main, or says why it is not there for this key. */
export function renderAdmin(main) {
    if (!session.isAdmin()) {
        replace(main, el('h1', {}, 'Admin'), el('p', { class: 'error' },
            'This key has no admin scope: the audit log and the keys are for admin keys only.'));
        return;
    }
    const keys = el('section', { class: 'admin-panel', id: 'panel-keys' }, el('h2', {}, 'API keys'));
    const stats = el('section', { class: 'admin-panel', id: 'panel-database' }, el('h2', {}, 'Database'));
    const optional = OPTIONAL.map(([name]) => el('section', { class: 'admin-panel', id: 'panel-' + name, hidden: true,
        dataset: { state: 'asking' } }));
    replace(main, el('h1', {}, 'Admin'), auditSection(), keys, stats, optional);
    keysSection(keys);
    statsSection(stats);
    OPTIONAL.forEach(([name, path, about], i) => optionalSection(optional[i], name, path, about));
}
