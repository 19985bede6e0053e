// DOM and formatting helpers. Text from the API is only ever set as text (textContent), never parsed as
// HTML, so a symbol, strategy name or rationale cannot inject markup into the page.

/** An element: el('td', {class: 'num'}, 'text', otherElement). Attributes starting with "on" are listeners. */
export function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
        if (value === undefined || value === null || value === false) {
            continue;
        }
        if (name.startsWith('on') && typeof value === 'function') {
            node.addEventListener(name.slice(2), value);
        } else if (name === 'class') {
            node.className = value;
        } else if (name === 'dataset') {
            Object.assign(node.dataset, value);
        } else if (value === true) {
            node.setAttribute(name, '');
        } else {
            node.setAttribute(name, String(value));
        }
    }
    append(node, children);
    return node;
}

function append(node, children) {
    for (const child of children) {
        if (child === undefined || child === null || child === false) {
            continue;
        }
        if (Array.isArray(child)) {
            append(node, child);
        } else {
            node.append(child instanceof Node ? child : document.createTextNode(String(child)));
        }
    }
}

/** Replaces the children of a node. */
export function replace(node, ...children) {
    node.replaceChildren();
    append(node, children);
    return node;
}

/** A table of rows: columns are [{label, value: row => text|Node, num?: true}]. */
export function table(columns, rows, attrs) {
    return el('div', { class: 'table-wrap' },
        el('table', attrs || {},
            el('thead', {}, el('tr', {}, columns.map(c => el('th', { class: c.num ? 'num' : null }, c.label)))),
            el('tbody', {}, rows.map(row => el('tr', {},
                columns.map(c => el('td', { class: c.num ? 'num' : null }, c.value(row))))))));
}

/** A problem or failure as a message box. */
export function errorBox(error, prefix) {
    const detail = error && error.problem && error.problem.detail ? error.problem.detail : (error && error.message);
    const status = error && error.status ? ' (' + error.status + ')' : '';
    return el('p', { class: 'error', role: 'alert' }, (prefix ? prefix + ': ' : '') + detail + status);
}

/**
 * A price as the chart shows it: two decimals from 1 up, more significant digits below (0.00012345).
 * The wire value is exact; the page rounds only what it displays.
 */
export function price(value) {
    if (value === undefined || value === null) {
        return '–';
    }
    const n = Number(value);
    if (Math.abs(n) >= 1 || n === 0) {
        // No thousands separators: prices read as they are written (2874.56), as trading screens show them.
        return n.toFixed(2);
    }
    return n.toPrecision(6);
}

/** An integer with thousands separators. */
export function integer(value) {
    return value === undefined || value === null ? '–' : Number(value).toLocaleString('en-US');
}

/** A large integer in short form: 5.79B, 12.3M, 45.6K. */
export function compact(value) {
    return Number(value).toLocaleString('en-US', { notation: 'compact', maximumFractionDigits: 2 });
}

/** An RFC 3339 UTC timestamp (or epoch milliseconds) as "2020-04-17" or "2020-04-17 14:30" (UTC). */
export function utc(value, withTime) {
    if (value === undefined || value === null) {
        return '–';
    }
    const iso = new Date(value).toISOString();
    const day = iso.slice(0, 10);
    if (withTime === false || (withTime === undefined && iso.slice(11, 19) === '00:00:00')) {
        return day;
    }
    return day + ' ' + iso.slice(11, 16);
}

/** An RFC 3339 timestamp with seconds, UTC: 2020-04-17 14:30:05. */
export function utcSeconds(value) {
    return value ? new Date(value).toISOString().replace('T', ' ').slice(0, 19) : '–';
}

/** A byte count as KiB, MiB, GiB. */
export function bytes(value) {
    let n = Number(value);
    for (const unit of ['B', 'KiB', 'MiB', 'GiB', 'TiB']) {
        if (Math.abs(n) < 1024 || unit === 'TiB') {
            return (unit === 'B' ? n : n.toFixed(1)) + ' ' + unit;
        }
        n /= 1024;
    }
    return String(value);
}

/** Any JSON value as short text, for tables of records whose shape the page does not know. */
export function text(value) {
    if (value === undefined || value === null) {
        return '–';
    }
    if (typeof value === 'object') {
        return JSON.stringify(value);
    }
    return String(value);
}
