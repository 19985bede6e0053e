package dev.tickvault.common;

import com.fasterxml.jackson.databind.DeserializationFeature;
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
    private final FormatMapper delegate = new JacksonJsonFormatMapper(JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build());

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
