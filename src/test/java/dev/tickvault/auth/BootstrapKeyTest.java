package dev.tickvault.auth;

import dev.tickvault.support.AdminKey;
import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The bootstrap admin key: stored at boot from the configuration, and stored again idempotently by
 * every later boot (what a restart does), keeping one row and the key working.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class BootstrapKeyTest {

    @Inject
    ApiKeyService keys;

    @Inject
    Pool pool;

    private long rows(String id) {
        return pool.preparedQuery("SELECT count(*) FROM auth.api_keys WHERE id = $1").execute(Tuple.of(id))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
    }

    @Test
    void bootstrapKeyWorksAndSurvivesAnotherBoot() {
        ApiKeyFormat.Parsed key = ApiKeyFormat.parse(AdminKey.KEY).orElseThrow();
        assertEquals(1, rows(key.id()));
        // A restart runs the same step again.
        keys.bootstrap(key).await().atMost(Duration.ofSeconds(5));
        keys.bootstrap(key).await().atMost(Duration.ofSeconds(5));
        assertEquals(1, rows(key.id()));
        RestAssured.given().header("Authorization", "Bearer " + AdminKey.KEY)
                .when().get("/api/v1/admin/api-keys").then().statusCode(200);
    }

    @Test
    void aRevokedBootstrapKeyStaysRevokedAfterAnotherBoot() {
        ApiKeyFormat.Parsed other = ApiKeyFormat.parse("tv_bootrev1_SecondBootstrapKeyForRevocationTest01").orElseThrow();
        keys.bootstrap(other).await().atMost(Duration.ofSeconds(5));
        RestAssured.given().header("Authorization", "Bearer " + other.key())
                .when().get("/api/v1/admin/api-keys").then().statusCode(200);
        RestAssured.given().when().delete("/api/v1/admin/api-keys/" + other.id()).then().statusCode(204);
        keys.bootstrap(other).await().atMost(Duration.ofSeconds(5));
        RestAssured.given().header("Authorization", "Bearer " + other.key())
                .when().get("/api/v1/admin/api-keys").then().statusCode(401);
    }
}
