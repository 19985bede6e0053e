// The tickvault dashboard: one page, views chosen by the URL hash (#/symbols, #/chart/%5EGSPC/1d,
// #/commands/vix-bot, #/health, #/admin). Nothing here is secret: the key lives in this tab's
// sessionStorage and every call goes through /api/v1 with it, like any other client's.

import { onKeyRefused, session } from './lib/api.js';
import { el, replace } from './lib/dom.js';
import { renderAdmin } from './lib/admin.js';
import { ChartView } from './lib/chart.js';
import { renderCommands } from './lib/commands.js';
import { renderHealth } from './lib/health.js';
import { renderSignIn } from './lib/signin.js';
import { renderSymbols } from './lib/symbols.js';

const root = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
let stopView = () => {};

/**
 * A fresh container for the next view. A view still finishing a call when the user moved on (or was signed
 * out) writes into its own container, no longer in the page, so it can never draw over the next one.
 */
function freshMain() {
    const main = el('div', { class: 'view' });
    replace(root, main);
    return main;
}

function decode(part) {
    try {
        return decodeURIComponent(part);
    } catch (e) {
        return part;
    }
}

/** The view and its arguments from the hash: '#/chart/%5EGSPC/1d' is ['chart', '^GSPC', '1d']. */
function route() {
    const parts = window.location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decode);
    return parts.length ? parts : ['symbols'];
}

function showChrome(signedIn) {
    nav.hidden = !signedIn;
    who.hidden = !signedIn;
    document.getElementById('nav-admin').hidden = !session.isAdmin();
    document.getElementById('who-text').textContent = signedIn
        ? (session.isAdmin() ? 'Signed in · admin key' : 'Signed in') : '';
}

function signedOut(message) {
    stopView();
    stopView = () => {};
    showChrome(false);
    document.body.dataset.view = 'sign-in';
    renderSignIn(freshMain(), message, () => show());
}

/** Renders the view the hash names (or the sign-in form when this tab holds no key). */
function show() {
    stopView();
    stopView = () => {};
    if (!session.key()) {
        signedOut(null);
        return;
    }
    showChrome(true);
    const [view, ...args] = route();
    const main = freshMain();
    document.body.dataset.view = view;
    for (const link of nav.querySelectorAll('a')) {
        link.classList.toggle('active', link.dataset.view === view);
    }
    if (view === 'chart' && args.length >= 2) {
        // The Chart link comes back to the series last opened in this tab.
        nav.querySelector('a[data-view=chart]').href = window.location.hash;
    }
    switch (view) {
        case 'chart': {
            const chart = new ChartView(main, args[0], args[1]);
            chart.render();
            stopView = () => chart.destroy();
            break;
        }
        case 'commands':
            renderCommands(main, args[0], args[1]);
            break;
        case 'health':
            stopView = renderHealth(main);
            break;
        case 'admin':
            renderAdmin(main);
            break;
        case 'symbols':
            renderSymbols(main);
            break;
        default:
            replace(main, 'Unknown view: ' + view);
    }
}

onKeyRefused(error => {
    session.signOut();
    const detail = error.problem && error.problem.detail ? ' (' + error.problem.detail + ')' : '';
    signedOut('The key was refused (401): it was revoked or has expired. Sign in with a valid key.' + detail);
});

document.getElementById('sign-out').addEventListener('click', () => {
    session.signOut();
    signedOut(null);
});
window.addEventListener('hashchange', show);
show();
