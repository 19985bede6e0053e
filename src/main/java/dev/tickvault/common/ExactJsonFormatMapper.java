package dev.tickvault.common;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.quarkus.hibernate.orm.JsonFormat;
import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.format.FormatMapper;
import org.hibernate.type.format.jackson.JacksonJsonFormatMapper;

import java.io.IOException;

/**
 * How Hibernate reads and writes the JSON documents of entities (decision features, agent state,
 * circuit-breaker details; {@code jsonb} columns): numbers kept exactly, as {@link JsonBody} reads them
 * from requests. Hibernate's default mapper reads a float as a double, so {@code 12345678901.123456785}
 * stored exactly would come back as {@code 1.2345678901123457E10}. Here it comes back as the number
 * PostgreSQL holds ({@code jsonb} returns {@code 1e2} as {@code 100}). Independent of the REST mapper's
 * customisations, which concern the wire, not the columns.
 */
@JsonFormat
@PersistenceUnitExtension
public class ExactJsonFormatMapper implements FormatMapper {

    /**
     * A number is written as its {@code BigDecimal} text ({@code 1E+2}), which reads back as the same
     * {@code BigDecimal}: Hibernate finds a changed document by writing and reading it again, so a plain
     * {@code 100} (read back as an integer) would look changed and raise the version at every flush.
     */
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private final FormatMapper delegate = new JacksonJsonFormatMapper(MAPPER);

    /**
     * A JSON column read without Hibernate as Hibernate Reactive reads it into a {@code JsonNode} entity field:
     * the driver's value ({@code Row.getValue}: a {@code JsonObject} for a {@code jsonb} object) encoded to text,
     * then read by this mapper. A repository that reads such a column through the pool uses this, so the same
     * document reads the same either way.
     *
     * @return {@code null} for SQL NULL
     */
    public static JsonNode fromColumn(Object value) {
        if (value == null) {
            return null;
        }
        String text = value instanceof io.vertx.core.json.JsonObject object ? object.encode()
                : io.vertx.core.json.Json.encode(value);
        try {
            return MAPPER.readValue(text, JsonNode.class);
        } catch (IOException e) {
            throw new IllegalStateException("A JSON column could not be read back", e);
        }
    }

    @Override
    public <T> T fromString(CharSequence text, JavaType<T> type, WrapperOptions options) {
        return delegate.fromString(text, type, options);
    }

    @Override
    public <T> String toString(T value, JavaType<T> type, WrapperOptions options) {
        return delegate.toString(value, type, options);
    }

    @Override
    public boolean supportsSourceType(Class<?> sourceType) {
        return delegate.supportsSourceType(sourceType);
    }

    @Override
    public boolean supportsTargetType(Class<?> targetType) {
        return delegate.supportsTargetType(targetType);
    }

    @Override
    public <T> void writeToTarget(T value, JavaType<T> type, Object target, WrapperOptions options) throws IOException {
        delegate.writeToTarget(value, type, target, options);
    }

    @Override
    public <T> T readFromSource(JavaType<T> type, Object source, WrapperOptions options) throws IOException {
        return delegate.readFromSource(type, source, options);
    }
}
