package dev.tickvault.support;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;

/**
 * Sends the test profile's bootstrap admin key with every REST Assured request, so feature tests call
 * the API as an authorised client; access-control tests build their own requests without it.
 */
public class AdminKey implements QuarkusTestBeforeEachCallback {

    /** The key configured for the test profile ({@code %test.tickvault.bootstrap-admin-key}). */
    public static final String KEY = "tv_testadmn_TestsOnlyAdminKeyThatIsLongEnough0001";

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        RestAssured.requestSpecification = new RequestSpecBuilder().addHeader("Authorization", "Bearer " + KEY).build();
    }
}
