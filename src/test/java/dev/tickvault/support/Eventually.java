package dev.tickvault.support;

import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.specification.RequestSpecification;

import java.time.Duration;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * For tests of what happens over time (outages, streams cut off): a condition polled until it holds or a
 * limit passes, and requests that fail instead of hanging.
 */
public final class Eventually {

    private Eventually() {
    }

    /** A REST Assured request whose connect and read give up after {@code timeout}: a hang becomes a failure. */
    public static RequestSpecification given(Duration timeout) {
        int millis = (int) timeout.toMillis();
        return RestAssured.given().config(RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.connection.timeout", millis)
                .setParam("http.socket.timeout", millis)));
    }

    /** Polls {@code condition} every {@code poll} until it holds, failing the test after {@code limit}. */
    public static void await(String what, Duration limit, Duration poll, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                fail(what + " did not happen within " + limit.toSeconds() + " s");
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }
}
