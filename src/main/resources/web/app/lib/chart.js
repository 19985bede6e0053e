// The chart of one series: candlesticks and volume that load the visible range as the user pans and zooms.
//
// The x axis always spans the whole series (first bar to last, from the catalogue), so the zoom slider is
// the same whatever is loaded. What is loaded is the visible window plus half a window either side: raw
// bars (GET /api/v1/bars/{symbol}, pages of at most 1,000) while the window holds few enough of them for
// the chart's width, else buckets resampled on the server (GET /api/v1/bars/{symbol}/resample), the
// narrowest bucket that keeps the window under the same number of candles. A 20-year daily chart therefore
// starts with about 250 thirty-day buckets, never 5,000 bars. The same window bounds the gaps
// (GET .../gaps, weekdays with no bar, drawn as red bands), the decisions and the trades drawn as markers.
//
// Live push (DESIGN 11) does not exist yet: until it does, the chart looks at the catalogue every 30 s and
// reloads its window when the series has new bars.

import * as echarts from 'echarts/core';
import { BarChart, CandlestickChart, ScatterChart } from 'echarts/charts';
import {
    AxisPointerComponent, DataZoomComponent, GridComponent, MarkAreaComponent, TooltipComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

import { ApiError, follow, get, pages, symbolPath } from './api.js';
import { compact, el, errorBox, integer, price, replace, utc, utcSeconds } from './dom.js';
import { chartHref, loadCatalogue } from './symbols.js';

echarts.use([CandlestickChart, BarChart, ScatterChart, GridComponent, DataZoomComponent, TooltipComponent,
    MarkAreaComponent, AxisPointerComponent, CanvasRenderer]);

const MINUTE = 60e3;
const DAY = 86400e3;
const TIMEFRAMES = {
    '1m': MINUTE, '5m': 5 * MINUTE, '15m': 15 * MINUTE, '30m': 30 * MINUTE, '1h': 60 * MINUTE,
    '4h': 240 * MINUTE, '1d': DAY, '1w': 7 * DAY,
};
/** Resample buckets from narrow to wide: timeframe codes, then ISO-8601 durations (no months: DESIGN 3). */
const BUCKETS = [['5m', 5 * MINUTE], ['15m', 15 * MINUTE], ['30m', 30 * MINUTE], ['1h', 60 * MINUTE],
    ['4h', 240 * MINUTE], ['1d', DAY], ['1w', 7 * DAY], ['P14D', 14 * DAY], ['P30D', 30 * DAY],
    ['P91D', 91 * DAY], ['P182D', 182 * DAY], ['P364D', 364 * DAY]];
/** Where resample buckets start (README "Resample": like TimescaleDB time_bucket, Monday 2000-01-03 UTC). */
const ORIGIN = Date.UTC(2000, 0, 3);
/** The default of tickvault.gaps.max-slots: a wider window is not asked for its gaps. */
const MAX_GAP_SLOTS = 527040;
const REFRESH_MS = 30e3;
/** A burst of live bars is drawn once, this long after its last one. */
const LIVE_DEBOUNCE_MS = 300;
const UP = '#1a9c74';
const DOWN = '#d9483b';
const ACTIONS = {
    BUY: { symbol: 'triangle', rotate: 0, color: UP },
    SELL: { symbol: 'triangle', rotate: 180, color: DOWN },
    HOLD: { symbol: 'circle', rotate: 0, color: '#8a94a6' },
    CLOSE: { symbol: 'diamond', rotate: 0, color: '#3567c6' },
};

/** An RFC 3339 query parameter without milliseconds. */
function iso(ms) {
    return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

function alignDown(ms, width) {
    return ORIGIN + Math.floor((ms - ORIGIN) / width) * width;
}

/** The chart view: one series, its controls, the chart, and the journal records in view. */
export class ChartView {

    constructor(main, symbol, timeframe) {
        this.main = main;
        this.symbol = symbol;
        this.timeframe = timeframe;
        this.seq = 0;
        this.loaded = null;
        this.timers = [];
        this.onResize = () => this.resize();
    }

    async render() {
        replace(this.main, el('h1', {}, 'Chart'), el('p', { class: 'hint' }, 'Loading the catalogue…'));
        try {
            this.catalogue = await loadCatalogue();
        } catch (e) {
            replace(this.main, el('h1', {}, 'Chart'), errorBox(e, 'The catalogue could not be read'));
            return;
        }
        if (this.catalogue.length === 0) {
            replace(this.main, el('h1', {}, 'Chart'), el('p', {}, 'No bars yet. Send some with POST /api/v1/bars.'));
            return;
        }
        this.series = this.catalogue.find(s => s.symbol === this.symbol && s.timeframe === this.timeframe);
        if (!this.series) {
            if (this.symbol) {
                replace(this.main, el('h1', {}, 'Chart'), el('p', { class: 'error' },
                    'There are no ' + this.timeframe + ' bars of ' + this.symbol + '.'), this.picker());
                return;
            }
            this.series = this.catalogue[0];
            this.symbol = this.series.symbol;
            this.timeframe = this.series.timeframe;
        }
        this.step = TIMEFRAMES[this.timeframe] || DAY;
        this.setExtent();
        this.layout();
        this.chart = echarts.init(this.chartEl, null, { renderer: 'canvas' });
        this.chart.setOption(this.baseOption());
        this.chart.on('datazoom', () => this.scheduleLoad());
        this.chart.on('updateAxisPointer', event => this.onPointer(event));
        this.chart.on('globalout', () => this.showOhlc(null));
        window.addEventListener('resize', this.onResize);
        this.timers.push(setInterval(() => this.refresh(), REFRESH_MS));
        // The series' live feed: a bar written or changed redraws what is in view (once for a burst of them).
        this.stopLive = follow('/api/v1/bars/' + symbolPath(this.symbol) + '/live', { timeframe: this.timeframe },
            event => {
                if (event === 'bar' || event === 'reset') {
                    clearTimeout(this.liveRefresh);
                    this.liveRefresh = setTimeout(() => this.refresh(true), LIVE_DEBOUNCE_MS);
                }
            });
        await this.load(this.extent[0], this.extent[1], false);
    }

    destroy() {
        this.seq++;
        this.timers.forEach(clearInterval);
        clearTimeout(this.pending);
        clearTimeout(this.liveRefresh);
        if (this.stopLive) {
            this.stopLive();
        }
        window.removeEventListener('resize', this.onResize);
        if (this.chart) {
            this.chart.dispose();
        }
    }

    setExtent() {
        this.extent = [Date.parse(this.series.firstTs), Date.parse(this.series.lastTs) + this.step];
    }

    picker() {
        const select = el('select', { id: 'series-select', 'aria-label': 'Series' },
            this.catalogue.map(s => el('option', {
                value: chartHref(s.symbol, s.timeframe),
                selected: s.symbol === this.symbol && s.timeframe === this.timeframe,
            }, s.symbol + ' ' + s.timeframe)));
        select.addEventListener('change', () => {
            window.location.hash = select.value;
        });
        return el('label', { class: 'inline' }, 'Series ', select);
    }

    layout() {
        const presets = [['1M', 31 * DAY], ['3M', 92 * DAY], ['1Y', 366 * DAY], ['5Y', 5 * 366 * DAY], ['All', null]];
        this.fromInput = el('input', { type: 'date', id: 'range-from', 'aria-label': 'From (UTC)' });
        this.toInput = el('input', { type: 'date', id: 'range-to', 'aria-label': 'To (UTC, exclusive)' });
        const range = el('form', { id: 'range-form', class: 'range' },
            this.fromInput, el('span', {}, '–'), this.toInput, el('button', { type: 'submit' }, 'Show'));
        range.addEventListener('submit', event => {
            event.preventDefault();
            const from = Date.parse(this.fromInput.value);
            const to = Date.parse(this.toInput.value);
            if (Number.isFinite(from) && Number.isFinite(to) && to > from) {
                this.zoomTo(from, to);
            }
        });
        this.ohlcEl = el('div', { id: 'ohlc', class: 'ohlc', 'aria-live': 'polite' });
        this.chartEl = el('div', { id: 'chart', class: 'chart', dataset: { state: 'loading' } });
        this.statusEl = el('p', { id: 'chart-status', class: 'hint' });
        this.journalEl = el('div', { id: 'journal' });
        replace(this.main,
            el('div', { class: 'chart-head' },
                el('h1', {}, this.symbol + ' ', el('span', { class: 'muted' }, this.timeframe)),
                this.picker()),
            el('div', { class: 'controls' },
                el('div', { class: 'presets', role: 'group', 'aria-label': 'Range' },
                    presets.map(([label, span]) => el('button', {
                        type: 'button', class: 'preset', dataset: { range: label },
                        onclick: () => span ? this.zoomTo(this.extent[1] - span, this.extent[1])
                            : this.zoomTo(this.extent[0], this.extent[1]),
                    }, label))),
                range),
            this.ohlcEl,
            this.chartEl,
            this.statusEl,
            el('h2', {}, 'Decisions and trades in view'),
            this.journalEl);
    }

    baseOption() {
        const [min, max] = this.extent;
        const axis = grid => ({
            type: 'time', gridIndex: grid, min, max, boundaryGap: false,
            axisLine: { lineStyle: { color: '#9aa4b5' } },
            axisLabel: { show: grid === 1, hideOverlap: true },
            splitLine: { show: false },
        });
        return {
            animation: false,
            useUTC: true,
            grid: [
                { left: 64, right: 16, top: 12, bottom: '34%' },
                { left: 64, right: 16, top: '70%', bottom: 64 },
            ],
            xAxis: [axis(0), axis(1)],
            yAxis: [
                { scale: true, gridIndex: 0, splitLine: { lineStyle: { color: '#e6e9ef' } } },
                { scale: true, gridIndex: 1, splitNumber: 2, splitLine: { show: false },
                    axisLabel: { formatter: v => compact(v) } },
            ],
            axisPointer: { link: [{ xAxisIndex: 'all' }], label: { backgroundColor: '#4a5568' } },
            tooltip: {
                trigger: 'axis', confine: true, axisPointer: { type: 'cross' },
                formatter: params => this.tooltip(params),
            },
            dataZoom: [
                { type: 'inside', xAxisIndex: [0, 1], filterMode: 'filter', rangeMode: ['value', 'value'],
                    startValue: min, endValue: max, minValueSpan: 20 * this.step },
                { type: 'slider', xAxisIndex: [0, 1], filterMode: 'filter', rangeMode: ['value', 'value'],
                    startValue: min, endValue: max, minValueSpan: 20 * this.step, bottom: 12, height: 24,
                    showDataShadow: false, labelFormatter: v => utc(v, false) },
            ],
            series: [
                { id: 'candles', name: this.symbol, type: 'candlestick', xAxisIndex: 0, yAxisIndex: 0,
                    encode: { x: 0, y: [1, 2, 3, 4] }, barMaxWidth: 14, data: [],
                    itemStyle: { color: UP, color0: DOWN, borderColor: UP, borderColor0: DOWN },
                    markArea: { silent: true, itemStyle: { color: 'rgba(217, 72, 59, 0.14)' }, data: [] } },
                { id: 'volume', name: 'Volume', type: 'bar', xAxisIndex: 1, yAxisIndex: 1, barMaxWidth: 14,
                    data: [] },
                { id: 'decisions', name: 'Decisions', type: 'scatter', xAxisIndex: 0, yAxisIndex: 0, z: 5,
                    symbolSize: 16, data: [] },
                { id: 'trades', name: 'Trades', type: 'scatter', xAxisIndex: 0, yAxisIndex: 0, z: 6,
                    symbolSize: 14, data: [] },
            ],
        };
    }

    /** The visible window [from, to) in epoch milliseconds. */
    window() {
        const zoom = this.chart.getOption().dataZoom[0];
        const [min, max] = this.extent;
        const from = zoom.startValue !== undefined ? zoom.startValue : min + (max - min) * zoom.start / 100;
        const to = zoom.endValue !== undefined ? zoom.endValue : min + (max - min) * zoom.end / 100;
        return [Math.max(min, from), Math.min(max, to)];
    }

    /** Candles the chart's width shows well: about one for every 3 pixels. */
    target() {
        const width = Math.max(120, this.chartEl.clientWidth - 80);
        return Math.max(60, Math.min(1000, Math.floor(width / 3)));
    }

    /** Raw bars when the window holds few enough of them, else the narrowest bucket that keeps it under target. */
    resolution(span) {
        const target = this.target();
        const fullSpan = Math.max(this.step, this.extent[1] - this.extent[0]);
        const estimate = this.series.barCount * span / fullSpan;
        if (estimate <= target) {
            return { name: this.timeframe, ms: this.step, resampled: false };
        }
        for (const [name, ms] of BUCKETS) {
            if (ms > this.step && span / ms <= target) {
                return { name, ms, resampled: true };
            }
        }
        const [name, ms] = BUCKETS[BUCKETS.length - 1];
        return { name, ms, resampled: true };
    }

    zoomTo(from, to) {
        const [min, max] = this.extent;
        const start = Math.max(min, Math.min(from, max - this.step));
        const end = Math.min(max, Math.max(to, start + this.step));
        this.chart.dispatchAction({ type: 'dataZoom', dataZoomIndex: 0, startValue: start, endValue: end });
        this.chart.dispatchAction({ type: 'dataZoom', dataZoomIndex: 1, startValue: start, endValue: end });
        this.scheduleLoad(0);
    }

    scheduleLoad(delay = 250) {
        clearTimeout(this.pending);
        this.pending = setTimeout(() => {
            const [from, to] = this.window();
            this.load(from, to, false);
        }, delay);
    }

    resize() {
        if (this.chart) {
            this.chart.resize();
            this.scheduleLoad();
        }
    }

    /** Loads what the window [from, to) needs unless it is loaded already at the right resolution. */
    async load(from, to, force) {
        const res = this.resolution(to - from);
        const have = this.loaded;
        this.fromInput.value = utc(from, false);
        this.toInput.value = utc(to, false);
        if (!force && have && have.res.name === res.name && from >= have.from && to <= have.to) {
            this.showOhlc(null);
            this.showJournal();
            return;
        }
        const span = to - from;
        let start = Math.max(this.extent[0], from - span / 2);
        let end = Math.min(this.extent[1], to + span / 2);
        start = alignDown(start, res.ms);
        end = alignDown(end, res.ms) + res.ms;
        const seq = ++this.seq;
        this.chartEl.dataset.state = 'loading';
        try {
            const [bars, gaps, decisions, trades] = await Promise.all([
                this.fetchBars(res, start, end), this.fetchGaps(start, end),
                this.fetchJournal('/api/v1/decisions', start, end), this.fetchJournal('/api/v1/trades', start, end)]);
            if (seq !== this.seq) {
                return;
            }
            this.loaded = { res, from: start, to: end, bars: bars.items, complete: bars.complete, gaps, decisions,
                trades, at: Date.now() };
            this.draw();
        } catch (e) {
            if (seq !== this.seq) {
                return;
            }
            this.chartEl.dataset.state = 'error';
            replace(this.statusEl, errorBox(e, 'The bars could not be loaded'));
        }
    }

    async fetchBars(res, from, to) {
        const path = '/api/v1/bars/' + symbolPath(this.symbol);
        if (!res.resampled) {
            return pages(path, { timeframe: this.timeframe, from: iso(from), to: iso(to) }, { limit: 1000, maxPages: 3 });
        }
        const body = await get(path + '/resample', { timeframe: this.timeframe, bucket: res.name, from: iso(from),
            to: iso(to) });
        return { items: body.data || [], complete: true };
    }

    /** The missing weekdays or slots in [from, to), or null when the series or range has no gap report. */
    async fetchGaps(from, to) {
        if (this.timeframe === '1w' || (to - from) / this.step > MAX_GAP_SLOTS) {
            return null;
        }
        try {
            const report = await pages('/api/v1/bars/' + symbolPath(this.symbol) + '/gaps',
                { timeframe: this.timeframe, from: iso(from), to: iso(to) }, { limit: 1000, maxPages: 5, field: 'missing' });
            return report;
        } catch (e) {
            if (e instanceof ApiError && (e.status === 400 || e.status === 404)) {
                return null;
            }
            throw e;
        }
    }

    async fetchJournal(path, from, to) {
        const result = await pages(path, { symbol: this.symbol, from: iso(from), to: iso(to) }, { limit: 1000, maxPages: 2 });
        return result;
    }

    /** The candle whose interval holds t, or the nearest one: an index into loaded.bars, or -1. */
    candleAt(t) {
        const bars = this.loaded ? this.loaded.bars : [];
        let lo = 0;
        let hi = bars.length - 1;
        if (hi < 0) {
            return -1;
        }
        while (lo < hi) {
            const mid = (lo + hi + 1) >> 1;
            if (Date.parse(bars[mid].ts) <= t) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    draw() {
        const { bars, res, gaps, decisions, trades } = this.loaded;
        const candles = bars.map(b => [Date.parse(b.ts), Number(b.open), Number(b.close), Number(b.low), Number(b.high)]);
        const volume = bars.map(b => ({
            value: [Date.parse(b.ts), Number(b.volume)],
            itemStyle: { color: Number(b.close) >= Number(b.open) ? 'rgba(26, 156, 116, 0.55)' : 'rgba(217, 72, 59, 0.55)' },
        }));
        const gapBands = (gaps ? gaps.items : []).map(g => {
            const t = Date.parse(g);
            return [{ xAxis: t }, { xAxis: t + this.step }];
        });
        const priceAt = t => {
            const i = this.candleAt(t);
            return i < 0 ? null : Number(bars[i].close);
        };
        const decisionPoints = [];
        for (const d of decisions.items) {
            const t = Date.parse(d.decidedAt);
            const y = d.price !== undefined ? Number(d.price) : priceAt(t);
            const look = ACTIONS[d.action] || ACTIONS.HOLD;
            if (y !== null) {
                decisionPoints.push({ value: [t, y], symbol: look.symbol, symbolRotate: look.rotate,
                    itemStyle: { color: look.color, borderColor: '#fff', borderWidth: 1 } });
            }
        }
        const tradePoints = [];
        for (const t of trades.items) {
            const color = t.side === 'BUY' ? UP : DOWN;
            tradePoints.push({ value: [Date.parse(t.entryTime), Number(t.entryPrice)], symbol: 'arrow',
                symbolRotate: t.side === 'BUY' ? 0 : 180, itemStyle: { color, borderColor: '#fff', borderWidth: 1 } });
            if (t.exitTime && t.exitPrice !== undefined) {
                tradePoints.push({ value: [Date.parse(t.exitTime), Number(t.exitPrice)], symbol: 'rect',
                    itemStyle: { color: '#fff', borderColor: color, borderWidth: 2 } });
            }
        }
        this.chart.setOption({
            series: [
                { id: 'candles', data: candles, markArea: { data: gapBands } },
                { id: 'volume', data: volume },
                { id: 'decisions', data: decisionPoints },
                { id: 'trades', data: tradePoints },
            ],
        });
        const newest = bars[bars.length - 1];
        Object.assign(this.chartEl.dataset, {
            state: 'ready',
            resolution: res.name,
            resampled: String(res.resampled),
            points: String(bars.length),
            loadedFrom: iso(this.loaded.from),
            loadedTo: iso(this.loaded.to),
            newestTs: newest ? newest.ts : '',
            newestClose: newest ? String(newest.close) : '',
            gaps: String(gapBands.length),
            decisionMarkers: String(decisionPoints.length),
            tradeMarkers: String(tradePoints.length),
        });
        this.showOhlc(null);
        this.showStatus();
        this.showJournal();
    }

    showStatus() {
        const { bars, res, gaps, complete, decisions, trades, at } = this.loaded;
        const what = res.resampled
            ? integer(bars.length) + ' ' + res.name + ' buckets, resampled on the server from ' + this.timeframe + ' bars'
            : integer(bars.length) + ' ' + this.timeframe + ' bars' + (complete ? '' : ' (first pages only: zoom in)');
        const gapText = gaps === null
            ? (this.timeframe === '1w' ? '' : 'gaps not shown for a range this wide')
            : integer(gaps.items.length) + (gaps.complete ? '' : '+') + ' missing '
                + (this.timeframe === '1d' ? 'weekdays' : 'slots') + ' marked in red';
        const journalText = decisions.complete && trades.complete ? ''
            : 'only the first 2,000 decisions and trades of this range are marked: zoom in for the others';
        replace(this.statusEl, [what, 'loaded ' + utc(this.loaded.from) + ' – ' + utc(this.loaded.to), gapText, journalText,
            'refreshed ' + utcSeconds(at).slice(11) + ' UTC (every 30 s until live push exists)']
            .filter(Boolean).join(' · '));
    }

    /** The OHLC line above the chart: the candle under the pointer, or the newest one in view. */
    showOhlc(index) {
        const bars = this.loaded ? this.loaded.bars : [];
        const i = index === null || index === undefined ? this.candleAt(this.window()[1] - 1) : index;
        const b = bars[i];
        if (!b) {
            replace(this.ohlcEl, 'No bars in this range.');
            return;
        }
        const up = Number(b.close) >= Number(b.open);
        replace(this.ohlcEl,
            el('span', { class: 'ohlc-when' }, this.bucketLabel(b)),
            el('span', {}, 'O ', el('b', {}, price(b.open))),
            el('span', {}, 'H ', el('b', {}, price(b.high))),
            el('span', {}, 'L ', el('b', {}, price(b.low))),
            el('span', {}, 'C ', el('b', { class: up ? 'up' : 'down', id: 'ohlc-close' }, price(b.close))),
            el('span', {}, 'Vol ', el('b', {}, compact(b.volume))));
    }

    bucketLabel(b) {
        const t = Date.parse(b.ts);
        const res = this.loaded.res;
        if (!res.resampled) {
            return utc(t, this.step < DAY);
        }
        return utc(t, res.ms < DAY) + ' – ' + utc(t + res.ms - 1, res.ms < DAY) + ' (' + integer(b.barCount) + (b.barCount === 1 ? ' bar)' : ' bars)');
    }

    onPointer(event) {
        const info = event.axesInfo && event.axesInfo.find(a => a.axisDim === 'x');
        if (info && this.loaded) {
            this.showOhlc(this.candleAt(info.value));
        }
    }

    /** The decisions and trades whose time falls in [from, to). */
    journalIn(from, to) {
        const inside = t => t >= from && t < to;
        return {
            decisions: this.loaded.decisions.items.filter(d => inside(Date.parse(d.decidedAt))),
            trades: this.loaded.trades.items.filter(t => inside(Date.parse(t.entryTime))
                || (t.exitTime && inside(Date.parse(t.exitTime)))),
        };
    }

    tooltip(params) {
        const candle = params.find(p => p.seriesId === 'candles');
        if (!candle || !this.loaded) {
            return '';
        }
        // The candle's own time, not dataIndex: the zoom filters the data the series holds.
        const b = this.loaded.bars[this.candleAt(Array.isArray(candle.value) ? candle.value[0] : candle.axisValue)];
        if (!b) {
            return '';
        }
        const t = Date.parse(b.ts);
        const width = this.loaded.res.ms;
        const { decisions, trades } = this.journalIn(t, t + width);
        const row = (label, value) => el('div', { class: 'tip-row' }, el('span', {}, label), el('b', {}, value));
        return el('div', { class: 'tip' },
            el('div', { class: 'tip-title' }, this.symbol + ' · ' + this.bucketLabel(b)),
            row('Open', price(b.open)), row('High', price(b.high)), row('Low', price(b.low)),
            row('Close', price(b.close)), row('Volume', integer(b.volume)),
            decisions.map(d => el('div', { class: 'tip-note' }, d.action + ' ' + (d.price !== undefined ? '@ ' + price(d.price) + ' ' : '')
                + '(' + d.strategy + ', confidence ' + d.confidence + ')')),
            trades.map(tr => el('div', { class: 'tip-note' }, 'Trade ' + tr.side + ' ' + tr.quantity + ' @ ' + price(tr.entryPrice)
                + (tr.exitPrice !== undefined ? ' → ' + price(tr.exitPrice) : '') + ' ' + tr.status)));
    }

    /** The table of decisions and trades in the visible window; a row click centres the chart on it. */
    showJournal() {
        if (!this.loaded) {
            return;
        }
        const [from, to] = this.window();
        const { decisions, trades } = this.journalIn(from, to);
        const focus = t => () => {
            const half = Math.max(30 * this.step, (to - from) / 8);
            this.zoomTo(t - half, t + half);
        };
        const rows = [
            ...decisions.map(d => ({ t: Date.parse(d.decidedAt), kind: 'decision', what: d.action,
                price: d.price, detail: d.strategy + (d.model ? ' / ' + d.model : '') + ', confidence ' + d.confidence
                    + (d.rationale ? ': ' + d.rationale : '') })),
            ...trades.map(tr => ({ t: Date.parse(tr.entryTime), kind: 'trade', what: tr.side + ' ' + tr.quantity,
                price: tr.entryPrice, detail: tr.status + ' ' + tr.executionMode
                    + (tr.exitPrice !== undefined ? ', exit ' + price(tr.exitPrice) + ' on ' + utc(tr.exitTime) : '')
                    + (tr.realisedPnl !== undefined ? ', P&L ' + tr.realisedPnl : '') })),
        ].sort((a, b) => a.t - b.t);
        if (rows.length === 0) {
            replace(this.journalEl, el('p', { class: 'hint' }, 'No decisions or trades recorded for '
                + this.symbol + ' in this range.'));
            return;
        }
        replace(this.journalEl, el('div', { class: 'table-wrap' }, el('table', { id: 'journal-table' },
            el('thead', {}, el('tr', {}, ['When (UTC)', 'Record', 'What', 'Price', 'Detail'].map(h => el('th', {}, h)))),
            el('tbody', {}, rows.map(r => el('tr', { class: 'clickable', onclick: focus(r.t) },
                el('td', {}, utc(r.t)), el('td', {}, r.kind), el('td', {}, r.what),
                el('td', { class: 'num' }, price(r.price)), el('td', {}, r.detail)))))));
    }

    /** Reloads the window when the catalogue says the series has changed (new or deleted bars). */
    /** Redraws what is in view when the series grew, or always when a live bar says it changed. */
    async refresh(changed = false) {
        if (document.visibilityState !== 'visible' || !this.loaded) {
            return;
        }
        try {
            const catalogue = await loadCatalogue();
            const now = catalogue.find(s => s.symbol === this.symbol && s.timeframe === this.timeframe);
            if (!now || (!changed && now.lastTs === this.series.lastTs && now.barCount === this.series.barCount
                && now.firstTs === this.series.firstTs)) {
                return;
            }
            const atEnd = this.window()[1] >= this.extent[1];
            this.series = now;
            this.setExtent();
            this.chart.setOption({ xAxis: [{ min: this.extent[0], max: this.extent[1] },
                { min: this.extent[0], max: this.extent[1] }] });
            const [from, to] = this.window();
            await this.load(from, atEnd ? this.extent[1] : to, true);
        } catch (e) {
            // A failed refresh keeps what is drawn; the next one tries again (a 401 signs the tab out).
        }
    }
}
