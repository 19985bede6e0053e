package dev.tickvault.marketdata;

import dev.tickvault.common.KeysetCursor;
import dev.tickvault.common.Page;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * Bars written straight from result rows into response bytes, for the read hot paths (the newest bar, a
 * page): no {@link Bar} records, no {@code BigDecimal}, no reflection. The bytes are the JSON that Jackson
 * writes for {@link Bar} and {@link BarPage} with the application's mapper: fields in record order,
 * optional fields left out when absent, prices as plain numbers without padding zeros
 * ({@code 2874.56005900} reads {@code 2874.560059}, {@code 10.00000000} reads {@code 10}), {@code ts} as
 * {@link java.time.Instant#toString()}.
 *
 * <p>Rows have the columns of {@link BarRepository#JSON_COLUMNS}: the prices as PostgreSQL's own text
 * of the {@code NUMERIC} (what it sends for a numeric anyway), so nothing is parsed or formatted twice.
 */
final class BarJson {

    private static final byte[] SYMBOL = ascii("{\"symbol\":\"");
    private static final byte[] TIMEFRAME = ascii("\",\"timeframe\":\"");
    private static final byte[] TS = ascii("\",\"ts\":\"");
    private static final byte[] OPEN = ascii("\",\"open\":");
    private static final byte[] HIGH = ascii(",\"high\":");
    private static final byte[] LOW = ascii(",\"low\":");
    private static final byte[] CLOSE = ascii(",\"close\":");
    private static final byte[] VOLUME = ascii(",\"volume\":");
    private static final byte[] VWAP = ascii(",\"vwap\":");
    private static final byte[] TRADE_COUNT = ascii(",\"tradeCount\":");
    private static final byte[] SOURCE = ascii(",\"source\":\"");
    private static final byte[] ADJ_CLOSE = ascii(",\"adjClose\":");
    private static final byte[] DATA = ascii("{\"data\":[");
    private static final byte[] NEXT_CURSOR = ascii("],\"nextCursor\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] HEX = ascii("0123456789abcdef");
    /** About the size of one bar: symbol, timeframe, ts, five prices, volume and the field names. */
    private static final int BAR_BYTES = 224;

    private byte[] bytes;
    private int size;

    private BarJson(int capacity) {
        bytes = new byte[capacity];
    }

    /** One bar: {@code {"symbol":...}}. */
    static Buffer bar(Row row) {
        BarJson out = new BarJson(BAR_BYTES);
        out.writeBar(row);
        return out.toBuffer();
    }

    /**
     * A page {@code {"data":[...],"nextCursor":...}} of the first {@code limit} rows, the bytes Jackson would
     * write for a {@link Page} of them: rows read with {@link Page#fetchSize(int)}; when there are more than
     * {@code limit}, {@code nextCursor} is the shared {@link KeysetCursor} ({@code TIME} shape) after the last
     * bar written.
     */
    static Buffer page(RowSet<Row> rows, int limit, boolean descending) {
        return page(rows, limit, last -> KeysetCursor.after(last.getOffsetDateTime(2).toInstant(), descending));
    }

    /**
     * {@link #page(RowSet, int, boolean)} with the cursor after the last bar written made by {@code cursor} (a
     * panel's: its {@code ts} and {@code symbol}).
     */
    static Buffer page(RowSet<Row> rows, int limit, java.util.function.Function<Row, KeysetCursor> cursor) {
        int count = Math.min(rows.size(), limit);
        BarJson out = new BarJson(32 + count * BAR_BYTES);
        out.append(DATA);
        Row last = null;
        int written = 0;
        for (Row row : rows) {
            if (written == limit) {
                break;
            }
            if (written > 0) {
                out.append((byte) ',');
            }
            out.writeBar(row);
            last = row;
            written++;
        }
        out.append(NEXT_CURSOR);
        if (Page.hasNext(rows.size(), limit) && last != null) {
            out.append((byte) '"');
            out.appendAscii(cursor.apply(last).encode());
            out.append((byte) '"');
        } else {
            out.append(NULL);
        }
        out.append((byte) '}');
        return out.toBuffer();
    }

    private void writeBar(Row row) {
        append(SYMBOL);
        appendString(row.getString(0));
        append(TIMEFRAME);
        appendString(row.getString(1));
        append(TS);
        appendTimestamp(row.getOffsetDateTime(2));
        append(OPEN);
        appendDecimal(row.getString(3));
        append(HIGH);
        appendDecimal(row.getString(4));
        append(LOW);
        appendDecimal(row.getString(5));
        append(CLOSE);
        appendDecimal(row.getString(6));
        append(VOLUME);
        appendLong(row.getLong(7));
        String vwap = row.getString(8);
        if (vwap != null) {
            append(VWAP);
            appendDecimal(vwap);
        }
        Long tradeCount = row.getLong(9);
        if (tradeCount != null) {
            append(TRADE_COUNT);
            appendLong(tradeCount);
        }
        String source = row.getString(10);
        if (source != null) {
            append(SOURCE);
            appendString(source);
            append((byte) '"');
        }
        String adjClose = row.getString(11);
        if (adjClose != null) {
            append(ADJ_CLOSE);
            appendDecimal(adjClose);
        }
        append((byte) '}');
    }

    /**
     * PostgreSQL's text of a {@code NUMERIC} ({@code 2874.56005900}) without padding zeros after the point,
     * and without the point when nothing follows it: what {@code stripTrailingZeros().toPlainString()} gives.
     */
    private void appendDecimal(String text) {
        int end = text.length();
        if (text.indexOf('.') >= 0) {
            while (text.charAt(end - 1) == '0') {
                end--;
            }
            if (text.charAt(end - 1) == '.') {
                end--;
            }
        }
        ensure(end);
        for (int i = 0; i < end; i++) {
            bytes[size++] = (byte) text.charAt(i);
        }
    }

    /** {@code Instant.toString()}: {@code 2020-04-17T00:00:00Z}, fractions of a second only when present. */
    private void appendTimestamp(OffsetDateTime value) {
        LocalDateTime t = value.getOffset().equals(ZoneOffset.UTC) ? value.toLocalDateTime()
                : value.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        int year = t.getYear();
        if (t.getNano() != 0 || year < 0 || year > 9999) {
            appendAscii(value.toInstant().toString());
            return;
        }
        ensure(20);
        digits(year, 4);
        bytes[size++] = '-';
        digits(t.getMonthValue(), 2);
        bytes[size++] = '-';
        digits(t.getDayOfMonth(), 2);
        bytes[size++] = 'T';
        digits(t.getHour(), 2);
        bytes[size++] = ':';
        digits(t.getMinute(), 2);
        bytes[size++] = ':';
        digits(t.getSecond(), 2);
        bytes[size++] = 'Z';
    }

    private void digits(int value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            bytes[size + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        size += width;
    }

    private void appendLong(long value) {
        appendAscii(Long.toString(value));
    }

    /** A JSON string's content, escaped as Jackson escapes it; non-ASCII characters as UTF-8. */
    private void appendString(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        ensure(utf8.length * 6);
        for (byte b : utf8) {
            if (b == '"' || b == '\\') {
                bytes[size++] = '\\';
                bytes[size++] = b;
            } else if (b >= 0 && b < 0x20) {
                bytes[size++] = '\\';
                switch (b) {
                    case '\b' -> bytes[size++] = 'b';
                    case '\t' -> bytes[size++] = 't';
                    case '\n' -> bytes[size++] = 'n';
                    case '\f' -> bytes[size++] = 'f';
                    case '\r' -> bytes[size++] = 'r';
                    default -> {
                        bytes[size++] = 'u';
                        bytes[size++] = '0';
                        bytes[size++] = '0';
                        bytes[size++] = HEX[b >> 4];
                        bytes[size++] = HEX[b & 0xF];
                    }
                }
            } else {
                bytes[size++] = b;
            }
        }
    }

    private void appendAscii(String value) {
        int n = value.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[size++] = (byte) value.charAt(i);
        }
    }

    private void append(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
    }

    private void append(byte value) {
        ensure(1);
        bytes[size++] = value;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    private Buffer toBuffer() {
        return Buffer.buffer(Unpooled.wrappedBuffer(bytes, 0, size));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
