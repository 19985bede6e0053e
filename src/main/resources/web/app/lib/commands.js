// The command queue: the depth by status over every agent (the tickvault_queue_depth gauge in /q/metrics,
// which needs no key), and one agent's recent commands (GET /api/v1/agents/{agentId}/commands, newest
// first, filtered by status, paged with nextCursor). The API has no list of agents, so the agent id is typed
// in; it is kept in the hash (#/commands/vix-bot), so the view can be bookmarked.

import { get, publicGet } from './api.js';
import { el, errorBox, integer, replace, table, text, utcSeconds } from './dom.js';

const STATUSES = ['PENDING', 'LEASED', 'DONE', 'FAILED', 'DEAD'];

/** The queue depth by status from Prometheus text: {PENDING: 3, ...}, or null when the gauge is absent. */
export function queueDepth(metrics) {
    const depth = {};
    let found = false;
    const pattern = /^tickvault_queue_depth\{[^}]*status="([A-Z]+)"[^}]*\}\s+(\S+)$/gm;
    for (const match of metrics.matchAll(pattern)) {
        depth[match[1]] = Number(match[2]);
        found = true;
    }
    return found ? depth : null;
}

async function renderDepth(box) {
    try {
        const { status, body } = await publicGet('/q/metrics', 'text/plain');
        const depth = status === 200 ? queueDepth(String(body)) : null;
        if (!depth) {
            replace(box, el('p', { class: 'hint' }, 'The queue depth gauge is not available (/q/metrics).'));
            return;
        }
        replace(box, el('div', { class: 'chips', id: 'queue-depth' }, STATUSES.map(s => el('div', {
            class: 'chip status-' + s.toLowerCase(), dataset: { status: s },
        }, el('span', {}, s), el('b', {}, Number.isFinite(depth[s]) ? integer(depth[s]) : '–')))));
    } catch (e) {
        replace(box, errorBox(e, 'The queue depth could not be read'));
    }
}

/** Renders the commands view into main; agentId and status come from the hash. */
export function renderCommands(main, agentId, status) {
    const depthBox = el('div', {}, el('p', { class: 'hint' }, 'Reading the queue depth…'));
    const agentInput = el('input', { id: 'agent-id', name: 'agent', value: agentId || '', placeholder: 'vix-bot',
        required: true, 'aria-label': 'Agent id' });
    const statusSelect = el('select', { id: 'command-status', 'aria-label': 'Status' },
        el('option', { value: '' }, 'any status'),
        STATUSES.map(s => el('option', { value: s, selected: s === status }, s)));
    const form = el('form', { class: 'filters', id: 'commands-form' },
        el('label', {}, 'Agent ', agentInput), el('label', {}, 'Status ', statusSelect),
        el('button', { type: 'submit' }, 'Show'));
    const list = el('div', { id: 'commands' });
    form.addEventListener('submit', event => {
        event.preventDefault();
        const agent = agentInput.value.trim();
        window.location.hash = '#/commands/' + encodeURIComponent(agent)
            + (statusSelect.value ? '/' + statusSelect.value : '');
    });
    replace(main,
        el('h1', {}, 'Commands'),
        el('h2', {}, 'Queue by status, all agents'),
        depthBox,
        el('h2', {}, 'Recent commands of an agent'),
        form,
        list);
    renderDepth(depthBox);
    if (agentId) {
        loadCommands(list, agentId, status || null, null);
    } else {
        replace(list, el('p', { class: 'hint' }, 'Type an agent id to see its commands, newest first.'));
    }
}

async function loadCommands(list, agentId, status, cursor, shown = []) {
    try {
        const page = await get('/api/v1/agents/' + encodeURIComponent(agentId) + '/commands',
            { status, order: 'desc', limit: 50, cursor });
        const rows = shown.concat(page.data || []);
        const more = page.nextCursor
            ? el('button', { type: 'button', class: 'more', onclick: () => loadCommands(list, agentId, status, page.nextCursor, rows) },
                'Load more')
            : null;
        if (rows.length === 0) {
            replace(list, el('p', { class: 'hint' }, 'No ' + (status ? status + ' ' : '') + 'commands for ' + agentId + '.'));
            return;
        }
        replace(list,
            table([
                { label: 'Created (UTC)', value: c => utcSeconds(c.createdAt) },
                { label: 'Type', value: c => c.type },
                { label: 'Status', value: c => el('span', { class: 'badge status-' + c.status.toLowerCase() }, c.status) },
                { label: 'Priority', value: c => String(c.priority), num: true },
                { label: 'Attempts', value: c => String(c.attempts), num: true },
                { label: 'Lease until', value: c => c.leaseExpiresAt ? utcSeconds(c.leaseExpiresAt) : '–' },
                { label: 'Last error', value: c => c.lastError || '–' },
                { label: 'Payload', value: c => el('code', {}, text(c.payload)) },
            ], rows, { id: 'commands-table' }),
            more);
    } catch (e) {
        replace(list, errorBox(e, 'The commands could not be read'));
    }
}
