package dev.tickvault.common;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.smallrye.mutiny.CompositeException;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.jboss.logging.Logger;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * Classifies failures from the database path into problem responses, by PostgreSQL SQLSTATE (Appendix A
 * of the PostgreSQL manual), never by message text: the client sees what went wrong in its own terms,
 * never SQL or a stack trace.
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
        // Hibernate Reactive wraps the driver's exception (PersistenceException, HibernateException).
        PgException pgCause = pgCause(t);
        if (pgCause != null) {
            return fromSqlState(pgCause);
        }
        if (t instanceof ConnectionPoolTooBusyException) {
            return Problems.overloaded("Every database connection is busy and the wait queue is full; retry shortly");
        }
        if (isConnectionFailure(t)) {
            return Problems.unavailable("The database cannot be reached; retry shortly");
        }
        LOG.error("Unexpected failure on the request path", t);
        return HttpProblem.builder().withType(Problems.ABOUT_BLANK).withTitle("Internal Server Error")
                .withStatus(500).withDetail("An unexpected error occurred; it has been logged").build();
    }

    /** Whether the failure means "no usable connection right now" (refused, closed, timed out). */
    public static boolean isConnectionFailure(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof ConnectException || t instanceof ClosedConnectionException || t instanceof TimeoutException
                || t instanceof io.netty.channel.ConnectTimeoutException) {
            return true;
        }
        if (t instanceof PgException pg) {
            String state = pg.getSqlState();
            return state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300"));
        }
        if (t instanceof VertxException || t instanceof io.vertx.core.impl.NoStackTraceThrowable) {
            // The pool's acquisition timeout and lost connections surface as bare Vert.x exceptions.
            return true;
        }
        return t != null && t.getCause() != null && t.getCause() != t && isConnectionFailure(t.getCause());
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

    private static PgException pgCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof PgException pg) {
                return pg;
            }
        }
        return null;
    }

    private static HttpProblem fromSqlState(PgException pg) {
        String state = pg.getSqlState() == null ? "" : pg.getSqlState();
        if (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")) {
            return Problems.unavailable("The database cannot serve requests right now; retry shortly");
        }
        if (state.equals("40001") || state.equals("40P01") || state.equals("55P03") || state.equals("57014")) {
            return Problems.overloaded("The database could not complete the request in time; retry shortly");
        }
        if (state.equals("23505")) {
            return Problems.conflict("A record with the same key already exists");
        }
        if (state.equals("23514") || state.equals("23502") || state.equals("23503") || state.startsWith("22")) {
            return HttpProblem.builder().withType(Problems.INVALID).withTitle("Validation failed").withStatus(422)
                    .withDetail("The database rejected a value: " + constraintName(pg)).build();
        }
        LOG.errorf(pg, "Unexpected database error, SQLSTATE %s", state);
        return HttpProblem.builder().withType(Problems.ABOUT_BLANK).withTitle("Internal Server Error")
                .withStatus(500).withDetail("An unexpected database error occurred; it has been logged").build();
    }

    private static String constraintName(PgException pg) {
        return pg.getConstraint() != null ? "constraint " + pg.getConstraint() : "SQLSTATE " + pg.getSqlState();
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
