// The symbol catalogue (GET /api/v1/symbols): every series with its first and last bar and bar count, and
// a coverage strip placing each series' span on the time range of the whole catalogue.

import { get, symbolPath } from './api.js';
import { el, errorBox, integer, replace, table, utc } from './dom.js';

/** The catalogue: [{symbol, timeframe, firstTs, lastTs, barCount}], one entry per series. */
export async function loadCatalogue() {
    const body = await get('/api/v1/symbols');
    const series = [];
    for (const item of body.data || []) {
        for (const tf of item.timeframes || []) {
            series.push({ symbol: item.symbol, ...tf });
        }
    }
    return series;
}

/** The hash route of a series' chart. */
export function chartHref(symbol, timeframe) {
    return '#/chart/' + symbolPath(symbol) + '/' + encodeURIComponent(timeframe);
}

function coverage(entry, min, max) {
    const span = Math.max(1, max - min);
    const left = (Date.parse(entry.firstTs) - min) / span * 100;
    const width = Math.max(0.5, (Date.parse(entry.lastTs) - Date.parse(entry.firstTs)) / span * 100);
    const bar = el('span', { class: 'coverage-bar' });
    bar.style.left = left.toFixed(2) + '%';
    bar.style.width = Math.min(width, 100 - left).toFixed(2) + '%';
    return el('span', { class: 'coverage', title: utc(entry.firstTs) + ' – ' + utc(entry.lastTs) }, bar);
}

/** Renders the catalogue view into main. */
export async function renderSymbols(main) {
    replace(main, el('h1', {}, 'Symbols'), el('p', { class: 'hint' }, 'Loading the catalogue…'));
    let series;
    try {
        series = await loadCatalogue();
    } catch (e) {
        replace(main, el('h1', {}, 'Symbols'), errorBox(e, 'The catalogue could not be read'));
        return;
    }
    if (series.length === 0) {
        replace(main, el('h1', {}, 'Symbols'), el('p', {}, 'No bars yet. Send some with POST /api/v1/bars.'));
        return;
    }
    const min = Math.min(...series.map(s => Date.parse(s.firstTs)));
    const max = Math.max(...series.map(s => Date.parse(s.lastTs)));
    const symbols = new Set(series.map(s => s.symbol)).size;
    replace(main,
        el('h1', {}, 'Symbols'),
        el('p', { class: 'hint' }, symbols + ' symbols, ' + series.length + ' series, ' + utc(min) + ' – ' + utc(max)
            + '. Open a series to chart it.'),
        table([
            { label: 'Symbol', value: s => el('a', { href: chartHref(s.symbol, s.timeframe) }, s.symbol) },
            { label: 'Timeframe', value: s => s.timeframe },
            { label: 'First bar', value: s => utc(s.firstTs) },
            { label: 'Last bar', value: s => utc(s.lastTs) },
            { label: 'Bars', value: s => integer(s.barCount), num: true },
            { label: 'Coverage', value: s => coverage(s, min, max) },
        ], series, { id: 'catalogue' }));
}
