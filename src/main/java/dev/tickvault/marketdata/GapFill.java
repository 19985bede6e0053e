package dev.tickvault.marketdata;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The bucket arithmetic and fill rules of a resample, without the database: buckets start at the multiples of
 * their width from the origin Monday 2000-01-03 00:00 UTC, as {@code date_bin} places them in
 * {@link BarRepository#RESAMPLE} (and TimescaleDB's {@code time_bucket}), and a fill completes the buckets that
 * have bars into every bucket of a range.
 */
public final class GapFill {

    /** The origin of every bucket: Monday 2000-01-03 00:00 UTC, in epoch seconds. */
    public static final long ORIGIN = Instant.parse("2000-01-03T00:00:00Z").getEpochSecond();
    /** Prices are {@code NUMERIC(20,8)}: an interpolated close is rounded half-up to 8 decimals. */
    private static final int SCALE = 8;

    private GapFill() {
    }

    /** The start of the bucket of {@code seconds} holding {@code t}, in UTC. */
    public static Instant bucketStart(Instant t, long seconds) {
        long offset = t.getEpochSecond() - ORIGIN;
        return Instant.ofEpochSecond(ORIGIN + Math.floorDiv(offset, seconds) * seconds);
    }

    /**
     * How many buckets of {@code seconds} lie in [bucketStart(from), to): those a fill answers (before the
     * calendar leaves weekends out).
     */
    public static long bucketCount(Instant from, Instant to, long seconds) {
        Instant first = bucketStart(from, seconds);
        if (!to.isAfter(first)) {
            return 0;
        }
        long span = to.getEpochSecond() - first.getEpochSecond() + (to.getNano() > 0 ? 1 : 0);
        return (span + seconds - 1) / seconds;
    }

    /** Whether a bucket starts on a Saturday or Sunday (UTC). */
    static boolean weekend(Instant start) {
        DayOfWeek day = start.atOffset(ZoneOffset.UTC).getDayOfWeek();
        return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
    }

    /**
     * Every bucket of [bucketStart(from), to): the buckets with bars as they are ({@code filled} false) and a
     * filled bucket ({@code filled} true, volume 0, {@code barCount} 0, no vwap) for each other one, in time
     * order. With {@code weekdaysOnly}, an empty bucket starting on a Saturday or Sunday is left out (a bucket
     * with bars never is).
     *
     * @param buckets the buckets with bars, in time order, each on the bucket grid, all inside the range
     * @param seed the close of the last bar before {@code from} ({@link Fill#PREV}), or {@code null} when none
     * @param mode how empty buckets get prices; {@link Fill#NONE} returns {@code buckets} unchanged
     */
    public static List<ResampledBar> fill(List<ResampledBar> buckets, String symbol, String label, long seconds,
            Instant from, Instant to, boolean weekdaysOnly, Fill mode, BigDecimal seed) {
        if (mode == Fill.NONE) {
            return buckets;
        }
        List<ResampledBar> out = new ArrayList<>();
        int next = 0;
        BigDecimal last = seed;
        for (Instant t = bucketStart(from, seconds); t.isBefore(to); t = t.plusSeconds(seconds)) {
            if (next < buckets.size() && buckets.get(next).ts().equals(t)) {
                ResampledBar real = buckets.get(next++).withFilled(false);
                out.add(real);
                last = real.close();
            } else if (!(weekdaysOnly && weekend(t))) {
                BigDecimal price = mode == Fill.PREV ? last : null;
                out.add(ResampledBar.filled(symbol, label, t, price));
            }
        }
        if (mode == Fill.LINEAR) {
            interpolate(out);
        }
        return out;
    }

    /**
     * Gives each run of filled buckets between two buckets with bars the close interpolated linearly in time
     * between theirs, as open, high, low and close; runs before the first or after the last bucket with bars
     * keep no prices.
     */
    private static void interpolate(List<ResampledBar> out) {
        int before = -1;
        for (int i = 0; i < out.size(); i++) {
            if (Boolean.TRUE.equals(out.get(i).filled())) {
                continue;
            }
            if (before >= 0 && i - before > 1) {
                ResampledBar left = out.get(before);
                ResampledBar right = out.get(i);
                BigDecimal span = BigDecimal.valueOf(right.ts().getEpochSecond() - left.ts().getEpochSecond());
                BigDecimal rise = right.close().subtract(left.close());
                for (int k = before + 1; k < i; k++) {
                    ResampledBar gap = out.get(k);
                    BigDecimal elapsed = BigDecimal.valueOf(gap.ts().getEpochSecond() - left.ts().getEpochSecond());
                    BigDecimal price = left.close().add(rise.multiply(elapsed).divide(span, SCALE, RoundingMode.HALF_UP));
                    out.set(k, ResampledBar.filled(gap.symbol(), gap.bucket(), gap.ts(), plain(price)));
                }
            }
            before = i;
        }
    }

    private static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
