package dev.tickvault.marketdata;

import dev.tickvault.ops.db.PoolCustomizer;
import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.PoolOptions;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A bar stream leaves no prepared statement behind on its connection, whether it was read to the end or closed
 * unread: each stream prepares a named statement for its cursor, and one left open would pile up on a pooled
 * connection and, behind PgBouncer in transaction mode, collide with another client's (SQLSTATE 42P05). Shown on
 * a pool of one connection, so the server's {@code pg_prepared_statements} of that session is what the streams left.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class BarStreamStatementTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    PoolCustomizer pools;

    @Inject
    Vertx vertx;

    /** Runs work on a Vert.x context, as the service does (a cursor is read on its connection's context). */
    private <T> T onContext(Supplier<Uni<T>> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(v -> work.get().subscribe().with(done::complete, done::completeExceptionally));
        try {
            return done.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void streamsCloseTheirStatementsReadOrNot() {
        given().contentType("application/json").body("[{\"symbol\":\"STMT.T\",\"timeframe\":\"1d\","
                + "\"ts\":\"2020-04-16T00:00:00Z\",\"open\":1,\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":1},"
                + "{\"symbol\":\"STMT.T\",\"timeframe\":\"1d\",\"ts\":\"2020-04-17T00:00:00Z\",\"open\":1.5,\"high\":2,"
                + "\"low\":1,\"close\":1.75,\"volume\":2}]").when().post("/api/v1/bars").then().statusCode(200);
        Pool one = Pool.newInstance(PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
                .connectingTo(pools.connectOptions().orElseThrow()).using(vertx).build());
        try {
            Tuple args = Tuple.of("STMT.T", "1d", OffsetDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                    OffsetDateTime.of(2021, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
            String sql = Timeframe.D1.pinned(BarRepository.STREAM_ASC);
            for (int i = 0; i < 3; i++) {
                List<List<Bar>> batches = onContext(() -> BarStream.open(one, sql, args)
                        .chain(stream -> stream.batches().collect().asList()));
                assertEquals(2, batches.stream().mapToInt(List::size).sum(), "the stream read both bars");
            }
            onContext(() -> BarStream.open(one, sql, args).chain(BarStream::close));
            long left = onContext(() -> one.query("SELECT count(*) FROM pg_prepared_statements").execute())
                    .iterator().next().getLong(0);
            assertEquals(0, left, "prepared statements the streams left on their connection");
        } finally {
            one.close().await().atMost(WAIT);
        }
    }
}
