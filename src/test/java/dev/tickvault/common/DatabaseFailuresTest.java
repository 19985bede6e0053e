package dev.tickvault.common;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.smallrye.mutiny.CompositeException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import org.hibernate.exception.DataException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Failures of the database path as problems, by SQLSTATE (PostgreSQL Appendix A), as plain logic. */
class DatabaseFailuresTest {

    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        Logger.getLogger(DatabaseFailures.class.getName()).addHandler(capture);
    }

    @AfterEach
    void stop() {
        Logger.getLogger(DatabaseFailures.class.getName()).removeHandler(capture);
    }

    private static PgException pg(String state) {
        return new PgException("server message", "ERROR", state, null);
    }

    /** A problem's detail and type, and that neither carries a SQLSTATE, SQL or a Java name. */
    private static HttpProblem clean(HttpProblem problem) {
        String detail = String.valueOf(problem.getDetail());
        assertFalse(detail.matches(".*\\b(SQLSTATE|[0-9A-Z]{5}|insert|INSERT|select|Exception)\\b.*"), detail);
        return problem;
    }

    @Test
    void connectionLossAndShutdownsAre503WithRetryAfter() {
        for (String state : List.of("08006", "08001", "57P01", "57P03", "53300", "53100")) {
            HttpProblem problem = clean(DatabaseFailures.toProblem(pg(state)));
            assertEquals(503, problem.getStatusCode(), state);
            assertNotNull(problem.getHeaders().get("Retry-After"), state);
        }
        assertEquals(503, DatabaseFailures.toProblem(new ConnectException("refused")).getStatusCode());
        assertEquals(503, DatabaseFailures.toProblem(new ConnectionPoolTooBusyException("full")).getStatusCode());
    }

    @Test
    void contentionAndCancellationAre503ToRetry() {
        for (String state : List.of("40001", "40P01", "55P03", "57014")) {
            assertEquals(Problems.OVERLOADED, clean(DatabaseFailures.toProblem(pg(state))).getType(), state);
        }
    }

    @Test
    void constraintAndDataErrorsAre422InTheClientsTerms() {
        assertEquals(409, clean(DatabaseFailures.toProblem(pg("23505"))).getStatusCode());
        for (String state : List.of("23503", "23502", "22001", "22003", "22007", "22008", "22021", "22P05",
                "22P02", "2200X")) {
            HttpProblem problem = clean(DatabaseFailures.toProblem(pg(state)));
            assertEquals(422, problem.getStatusCode(), state);
            assertEquals(Problems.INVALID, problem.getType(), state);
        }
        HttpProblem check = clean(DatabaseFailures.toProblem(checkViolation("ohlcv_high_is_highest")));
        assertEquals(422, check.getStatusCode());
        assertEquals("A value breaks a rule the stored data must keep", check.getDetail());
        assertEquals("A text holds a character the database cannot store (such as U+0000)",
                DatabaseFailures.toProblem(pg("22021")).getDetail());
        assertTrue(logged.isEmpty(), "a client's mistake is answered, not logged");
    }

    /** A CHECK violation as the driver reports it: SQLSTATE 23514 naming its constraint. */
    private static PgException checkViolation(String constraint) {
        return new PgException("new row violates check constraint", "ERROR", "23514", null, null, null, null, null,
                null, null, null, null, "market_data", "ohlcv", null, null, constraint);
    }

    @Test
    void aRowNoPartitionTakesIsA503ToRetryNotAClientsMistake() {
        PgException noPartition = new PgException("no partition of relation found for row", "ERROR", "23514", null);
        assertTrue(DatabaseFailures.isMissingPartition(noPartition));
        assertFalse(DatabaseFailures.isMissingPartition(checkViolation("ohlcv_high_is_highest")));
        assertTrue(DatabaseFailures.isMissingPartition(pg("42P01")));
        HttpProblem problem = clean(DatabaseFailures.toProblem(noPartition));
        assertEquals(503, problem.getStatusCode());
        assertNotNull(problem.getHeaders().get("Retry-After"));
        assertTrue(DatabaseFailures.isLockTimeout(pg("55P03")));
    }

    @Test
    void theSqlStateIsReadThroughHibernatesConversionAndWrappers() {
        SQLException sql = new SQLException("ERROR: unsupported Unicode escape sequence (22P05)", "22P05");
        DataException hibernate = new DataException("error executing SQL statement [ERROR: ...] "
                + "[insert into agents.agent_state (created_at,state) values ($1,$2)]", sql,
                "insert into agents.agent_state (created_at,state) values ($1,$2)");
        assertEquals("22P05", DatabaseFailures.sqlState(new CompositeException(hibernate, new RuntimeException())));
        assertEquals(422, clean(DatabaseFailures.toProblem(hibernate)).getStatusCode());
        assertTrue(DatabaseFailures.isDataError(hibernate));
        assertFalse(DatabaseFailures.isDataError(pg("57P01")));
    }

    @Test
    void anUnexpectedDatabaseErrorIsA500AndOneLogLineWithTheSqlStateAndStatementNameNotItsText() {
        SQLException sql = new SQLException("ERROR: permission denied for table agent_state (42501)", "42501");
        DataException hibernate = new DataException("error executing SQL statement [insert into agents.agent_state"
                + " (created_at,state) values ($1,$2)]", sql, "insert into agents.agent_state (created_at,state) values ($1,$2)");
        HttpProblem problem = clean(DatabaseFailures.toProblem(hibernate));
        assertEquals(500, problem.getStatusCode());
        assertEquals(1, logged.size());
        LogRecord line = logged.get(0);
        String message = line.getParameters() == null ? line.getMessage() : String.format(line.getMessage(),
                line.getParameters());
        assertTrue(message.contains("42501") && message.contains("INSERT agents.agent_state"), message);
        assertFalse(message.contains("values") || message.contains("created_at"), message);
        assertEquals(null, line.getThrown(), "no stack trace, whose messages carry the statement");
    }

    @Test
    void statementNamesAreVerbAndTable() {
        assertEquals("INSERT journal.decisions", DatabaseFailures.verbAndTable("insert into journal.decisions (id) values ($1)"));
        assertEquals("UPDATE journal.trades", DatabaseFailures.verbAndTable("update journal.trades set x=$1 where id=$2"));
        assertEquals("DELETE agents.decision_cache", DatabaseFailures.verbAndTable("DELETE FROM agents.decision_cache WHERE k = $1"));
        assertEquals("SELECT", DatabaseFailures.verbAndTable("select * from x where a = $1"));
        assertEquals("INSERT agents.x", DatabaseFailures.verbAndTable("insert into agents.x(id) values ($1)"));
    }
}
