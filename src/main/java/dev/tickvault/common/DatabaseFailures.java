package dev.tickvault.common;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.smallrye.mutiny.CompositeException;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.jboss.logging.Logger;

import java.net.ConnectException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * Classifies failures from the database path into problem responses, by PostgreSQL SQLSTATE (Appendix A
 * of the PostgreSQL manual), never by message text: the client sees what went wrong in its own terms,
 * never SQL, a SQLSTATE or a stack trace. This is the one place that reads SQLSTATEs: the classes other
 * code needs ({@link #isDataError}, {@link #isUniqueViolation}, {@link #isConnectionFailure}) are asked
 * here.
 *
 * <p>The SQLSTATE is read from the Vert.x driver's {@link PgException} or, on the Hibernate Reactive path,
 * from the {@link SQLException} Hibernate converts it into. Failures nobody expects are logged with the
 * SQLSTATE and the statement's name (its verb and table, such as {@code INSERT agents.agent_state}), never
 * with the statement's text or values.
 */
public final class DatabaseFailures {

    private static final Logger LOG = Logger.getLogger(DatabaseFailures.class);

    private DatabaseFailures() {
    }

    /**
     * Maps a failure to a problem, unwrapping Mutiny's {@link CompositeException} and
     * {@link CompletionException}. Unknown failures are logged and become a bare 500.
     */
    public static HttpProblem toProblem(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof HttpProblem problem) {
            return problem;
        }
        if (isStaleVersion(t)) {
            return Problems.preconditionFailed("The record changed since it was read; read it again for its new ETag");
        }
        String state = sqlState(t);
        if (state != null) {
            return fromSqlState(state, t);
        }
        if (t instanceof ConnectionPoolTooBusyException) {
            return Problems.overloaded("Every database connection is busy and the wait queue is full; retry shortly");
        }
        if (isConnectionFailure(t)) {
            return Problems.unavailable("The database cannot be reached; retry shortly");
        }
        LOG.error("Unexpected failure on the request path", t);
        return Problems.internal();
    }

    /**
     * The SQLSTATE of a database failure anywhere in the cause chain: the driver's, or the one Hibernate
     * carried over into its {@link SQLException}.
     *
     * @return the five-character code, or {@code null} when the failure did not come from PostgreSQL
     */
    public static String sqlState(Throwable failure) {
        for (Throwable c = unwrap(failure); c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof PgException pg && pg.getSqlState() != null) {
                return pg.getSqlState();
            }
            if (c instanceof org.hibernate.JDBCException jdbc && jdbc.getSQLState() != null) {
                return jdbc.getSQLState();
            }
            if (c instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    /**
     * Whether PostgreSQL refused the data itself: SQLSTATE class 22 (data exception) or 23 (integrity
     * constraint violation). Retrying the same rows fails again; other rows written alongside may not.
     */
    public static boolean isDataError(Throwable failure) {
        String state = sqlState(failure);
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    /**
     * A row that no partition takes, or a partition that is not there: SQLSTATE 23514 without a constraint
     * ("no partition of relation ... found for row", "new row ... violates partition constraint", PostgreSQL
     * manual 5.11.2.2) or 42P01 (undefined table) from a write into a partition dropped meanwhile.
     */
    public static boolean isMissingPartition(Throwable failure) {
        for (Throwable c = unwrap(failure); c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof PgException pg) {
                return ("23514".equals(pg.getSqlState()) && pg.getConstraint() == null) || "42P01".equals(pg.getSqlState());
            }
        }
        return false;
    }

    /** A lock not granted within {@code lock_timeout} (SQLSTATE 55P03, lock_not_available). */
    public static boolean isLockTimeout(Throwable failure) {
        return "55P03".equals(sqlState(failure));
    }

    /**
     * A unique violation (SQLSTATE 23505) on the table {@code table} or one of its partitions, whose names
     * start with {@code table_} (PostgreSQL names the partition's own index in the error).
     */
    public static boolean isUniqueViolationOn(Throwable failure, String table) {
        for (Throwable c = unwrap(failure); c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof PgException pg) {
                return "23505".equals(pg.getSqlState()) && pg.getTable() != null
                        && (pg.getTable().equals(table) || pg.getTable().startsWith(table + "_"));
            }
        }
        return false;
    }

    /**
     * Whether an optional database feature is missing: the relation does not exist (42P01), the module is not
     * loaded ({@code pg_stat_statements} without {@code shared_preload_libraries}: 55000), or the role may not
     * read it (42501).
     */
    public static boolean isFeatureUnavailable(Throwable failure) {
        String state = sqlState(failure);
        return "42P01".equals(state) || "55000".equals(state) || "42501".equals(state);
    }

    /** Whether the failure means "no usable connection right now" (refused, closed, timed out). */
    public static boolean isConnectionFailure(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof ConnectException || t instanceof ClosedConnectionException || t instanceof TimeoutException
                || t instanceof io.netty.channel.ConnectTimeoutException) {
            return true;
        }
        if (t instanceof PgException pg) {
            return isUnavailable(pg.getSqlState());
        }
        if (t instanceof VertxException || t instanceof io.vertx.core.impl.NoStackTraceThrowable) {
            // The pool's acquisition timeout and lost connections surface as bare Vert.x exceptions.
            return true;
        }
        return t != null && t.getCause() != null && t.getCause() != t && isConnectionFailure(t.getCause());
    }

    /** Class 08 (connection exception), 57P (operator intervention), 53 (insufficient resources). */
    private static boolean isUnavailable(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53"));
    }

    /** Hibernate's optimistic-lock failure: an UPDATE ... WHERE version = ? that matched no row. */
    private static boolean isStaleVersion(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof jakarta.persistence.OptimisticLockException || c instanceof org.hibernate.StaleStateException) {
                return true;
            }
        }
        return false;
    }

    private static HttpProblem fromSqlState(String state, Throwable failure) {
        if (isUnavailable(state)) {
            return Problems.unavailable("The database cannot serve requests right now; retry shortly");
        }
        switch (state) {
            case "40001", "40P01", "55P03", "57014" -> {
                return Problems.overloaded("The database could not complete the request in time; retry shortly");
            }
            case "23505" -> {
                return Problems.conflict("A record with the same key already exists");
            }
            case "23503" -> {
                return Problems.rejectedValue("A value refers to a record that does not exist");
            }
            case "23502" -> {
                return Problems.rejectedValue("A required value is missing");
            }
            case "23514" -> {
                if (isMissingPartition(failure)) {
                    return Problems.overloaded("The bars' partition changed while they were written; retry");
                }
                return Problems.rejectedValue("A value breaks a rule the stored data must keep");
            }
            default -> {
                // Class 22: the value itself cannot be stored.
                String meaning = dataException(state);
                if (meaning != null) {
                    return Problems.rejectedValue(meaning);
                }
            }
        }
        LOG.errorf("Unexpected database error: SQLSTATE %s in %s", state, statementName(failure));
        return Problems.internal();
    }

    /** What a class 22 SQLSTATE means to the client, or {@code null} outside the class. */
    private static String dataException(String state) {
        if (!state.startsWith("22")) {
            return null;
        }
        return switch (state) {
            case "22001" -> "A text is longer than the database allows";
            case "22003" -> "A number is outside the range the database can store";
            case "22007", "22008" -> "A date or time is outside the range the database can store";
            case "22021", "22P05" -> "A text holds a character the database cannot store (such as U+0000)";
            case "22P02" -> "A value is not in the form the database expects";
            default -> "A value cannot be stored by the database";
        };
    }

    /**
     * The statement's name for a log line: its verb and table ({@code INSERT journal.decisions}), read from
     * the driver's error fields or from the head of Hibernate's statement, never its values.
     */
    static String statementName(Throwable failure) {
        for (Throwable c = unwrap(failure); c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof org.hibernate.JDBCException jdbc && jdbc.getSQL() != null) {
                return verbAndTable(jdbc.getSQL());
            }
            if (c instanceof PgException pg && pg.getTable() != null) {
                return (pg.getSchema() == null ? "" : pg.getSchema() + ".") + pg.getTable()
                        + (pg.getConstraint() == null ? "" : " (constraint " + pg.getConstraint() + ")");
            }
        }
        return "a statement";
    }

    /** {@code INSERT agents.agent_state} from {@code insert into agents.agent_state (...) values (...)}. */
    static String verbAndTable(String sql) {
        String[] words = sql.trim().split("\\s+", 6);
        if (words.length == 0 || words[0].isEmpty()) {
            return "a statement";
        }
        String verb = words[0].toUpperCase(Locale.ROOT);
        String table = switch (verb) {
            case "INSERT", "DELETE" -> words.length > 2 ? words[2] : null;
            case "UPDATE" -> words.length > 1 ? words[1] : null;
            default -> null;
        };
        if (table == null) {
            return verb;
        }
        int paren = table.indexOf('(');
        return verb + " " + (paren < 0 ? table : table.substring(0, paren));
    }

    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (true) {
            if (t instanceof CompositeException composite && !composite.getCauses().isEmpty()) {
                t = composite.getCauses().get(0);
            } else if (t instanceof CompletionException && t.getCause() != null) {
                t = t.getCause();
            } else {
                return t;
            }
        }
    }
}
