package dev.tickvault.support;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Sends the test profile's bootstrap admin key with every REST Assured request that carries no
 * credentials of its own, so feature tests call the API as an authorised client. A request with the
 * header {@value #NO_KEY} goes out with no key at all (the header itself is removed).
 */
public class AdminKey implements QuarkusTestBeforeEachCallback {

    /** The key configured for the test profile ({@code %test.tickvault.bootstrap-admin-key}). */
    public static final String KEY = "tv_testadmn_TestsOnlyAdminKeyThatIsLongEnough0001";
    /** Marker header for a request that must carry no key. */
    public static final String NO_KEY = "X-Test-No-Key";

    private static final Filter FILTER = new Filter() {
        @Override
        public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                FilterContext context) {
            if (request.getHeaders().hasHeaderWithName(NO_KEY)) {
                request.removeHeader(NO_KEY);
            } else if (!request.getHeaders().hasHeaderWithName("Authorization")
                    && !request.getHeaders().hasHeaderWithName("X-API-Key")) {
                request.header("Authorization", "Bearer " + KEY);
            }
            return context.next(request, response);
        }
    };

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        install();
    }

    /**
     * Installs the filter directly: the {@code @QuarkusIntegrationTest} subclasses call it, because Quarkus
     * test callbacks do not reach tests that run against the packaged application.
     */
    public static void install() {
        if (!RestAssured.filters().contains(FILTER)) {
            RestAssured.filters(FILTER);
        }
    }
}
