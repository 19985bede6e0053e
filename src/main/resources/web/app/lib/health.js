// Health: the SmallRye Health probes (/q/health/live, /ready, /started) and the database group's details
// (server version, schema version, pool size, in use, waiting, latency). They need no key; the page sends
// none. Refreshed every 10 s while the view is open.

import { publicGet } from './api.js';
import { el, errorBox, replace, text, utcSeconds } from './dom.js';

const PROBES = [
    ['live', '/q/health/live', 'The process itself; never the database, so an outage does not restart pods.'],
    ['ready', '/q/health/ready', 'Database round trip, schema version, pool saturation.'],
    ['started', '/q/health/started', 'Boot migrations ran.'],
    ['database', '/q/health/group/database', 'Server and schema version, pool size, in use, waiting, latency.'],
];

function card(name, path, about, answer) {
    const body = answer.body && typeof answer.body === 'object' ? answer.body : null;
    const status = body ? body.status : (answer.status === 0 ? 'UNREACHABLE' : 'HTTP ' + answer.status);
    const checks = body && Array.isArray(body.checks) ? body.checks : [];
    return el('section', { class: 'card health', id: 'health-' + name, dataset: { status } },
        el('div', { class: 'health-head' },
            el('h2', {}, name),
            el('span', { class: 'badge ' + (status === 'UP' ? 'ok' : 'bad') }, status)),
        el('p', { class: 'hint' }, el('code', {}, path), ' · ' + about),
        checks.map(check => el('div', { class: 'check' },
            el('div', { class: 'check-head' }, el('b', {}, check.name), ' ',
                el('span', { class: 'badge ' + (check.status === 'UP' ? 'ok' : 'bad') }, check.status)),
            check.data ? el('dl', {}, Object.entries(check.data).map(([k, v]) => [el('dt', {}, k), el('dd', {}, text(v))]))
                : null)));
}

/** A health view that refreshes itself; answers a function that stops it. */
export function renderHealth(main) {
    const grid = el('div', { class: 'cards', id: 'health' }, el('p', { class: 'hint' }, 'Asking the probes…'));
    const stamp = el('p', { class: 'hint' });
    replace(main, el('h1', {}, 'Health'), stamp, grid);
    let stopped = false;
    const refresh = async () => {
        if (document.visibilityState !== 'visible') {
            return;
        }
        try {
            const answers = await Promise.all(PROBES.map(([, path]) => publicGet(path).catch(() => ({ status: 0, body: null }))));
            if (stopped) {
                return;
            }
            replace(grid, PROBES.map(([name, path, about], i) => card(name, path, about, answers[i])));
            replace(stamp, 'As of ' + utcSeconds(Date.now()) + ' UTC; refreshed every 10 s.');
        } catch (e) {
            replace(grid, errorBox(e, 'The probes could not be asked'));
        }
    };
    refresh();
    const timer = setInterval(refresh, 10e3);
    return () => {
        stopped = true;
        clearInterval(timer);
    };
}
