package dev.tickvault.marketdata;

import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMilliTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * POST /api/v1/bars with an Arrow IPC stream: counted and written as a JSON batch, refused whole with each fault
 * located by row index, unreadable bytes a 400. The streams here are written by Arrow Java in the test, in a
 * layout of the client's choosing (millisecond timestamps, prices as decimals of another scale or as float64, the
 * columns in another order), not by tickvault's writer.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class BarArrowIngestTest {

    /** One row of a client's table. */
    private record Row(String symbol, String ts, String open, String high, String low, String close, long volume,
            Double vwap) {
    }

    /** A client's stream: {@code ts} timestamp[ms, UTC], prices decimal128(18,4), vwap float64, one batch per list. */
    private static byte[] stream(List<List<Row>> batches) {
        Schema schema = new Schema(List.of(
                new Field("ts", FieldType.notNullable(new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC")), null),
                new Field("symbol", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
                new Field("timeframe", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
                new Field("open", FieldType.nullable(new ArrowType.Decimal(18, 4, 128)), null),
                new Field("high", FieldType.nullable(new ArrowType.Decimal(18, 4, 128)), null),
                new Field("low", FieldType.nullable(new ArrowType.Decimal(18, 4, 128)), null),
                new Field("close", FieldType.nullable(new ArrowType.Decimal(18, 4, 128)), null),
                new Field("volume", FieldType.notNullable(new ArrowType.Int(64, true)), null),
                new Field("vwap", FieldType.nullable(new ArrowType.FloatingPoint(
                        org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE)), null),
                new Field("comment", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
                ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
            writer.start();
            for (List<Row> batch : batches) {
                root.allocateNew();
                for (int i = 0; i < batch.size(); i++) {
                    Row row = batch.get(i);
                    ((TimeStampMilliTZVector) root.getVector("ts")).setSafe(i, Instant.parse(row.ts()).toEpochMilli());
                    ((VarCharVector) root.getVector("symbol")).setSafe(i, row.symbol().getBytes(StandardCharsets.UTF_8));
                    ((VarCharVector) root.getVector("timeframe")).setSafe(i, "1d".getBytes(StandardCharsets.UTF_8));
                    decimal(root, "open", i, row.open());
                    decimal(root, "high", i, row.high());
                    decimal(root, "low", i, row.low());
                    decimal(root, "close", i, row.close());
                    ((BigIntVector) root.getVector("volume")).setSafe(i, row.volume());
                    if (row.vwap() == null) {
                        ((Float8Vector) root.getVector("vwap")).setNull(i);
                    } else {
                        ((Float8Vector) root.getVector("vwap")).setSafe(i, row.vwap());
                    }
                    ((VarCharVector) root.getVector("comment")).setSafe(i, "ignored".getBytes(StandardCharsets.UTF_8));
                }
                root.setRowCount(batch.size());
                writer.writeBatch();
            }
            writer.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void decimal(VectorSchemaRoot root, String name, int i, String value) {
        DecimalVector vector = (DecimalVector) root.getVector(name);
        if (value == null) {
            vector.setNull(i);
        } else {
            vector.setSafe(i, new BigDecimal(value).setScale(4));
        }
    }

    private static io.restassured.response.ValidatableResponse post(byte[] body) {
        return given().contentType(BarFormat.ARROW_STREAM).body(body).when().post("/api/v1/bars").then();
    }

    @Test
    void aStreamOfTwoBatchesIsWrittenAndCountedAsJson() {
        byte[] body = stream(List.of(
                List.of(new Row("ARW.IN", "2024-01-02T00:00:00Z", "100.5", "101.25", "99.0001", "100.75", 1200, 100.6),
                        new Row("ARW.IN", "2024-01-03T00:00:00Z", "100.75", "102", "100", "101.5", 900, null)),
                List.of(new Row("ARW.IN", "2024-01-04T00:00:00Z", "101.5", "103", "101", "102.125", 1500, 102.0625))));
        post(body).statusCode(200).body("received", equalTo(3)).body("inserted", equalTo(3))
                .body("updated", equalTo(0)).body("unchanged", equalTo(0));
        post(body).statusCode(200).body("received", equalTo(3)).body("inserted", equalTo(0))
                .body("unchanged", equalTo(3));
        String csv = given().accept("text/csv").queryParam("timeframe", "1d").when().get("/api/v1/bars/ARW.IN")
                .then().statusCode(200).extract().asString();
        assertEquals(List.of(
                List.of("ARW.IN", "1d", "2024-01-02T00:00:00Z", "100.5", "101.25", "99.0001", "100.75", "1200", "100.6",
                        "", "", ""),
                List.of("ARW.IN", "1d", "2024-01-03T00:00:00Z", "100.75", "102", "100", "101.5", "900", "", "", "", ""),
                List.of("ARW.IN", "1d", "2024-01-04T00:00:00Z", "101.5", "103", "101", "102.125", "1500", "102.0625",
                        "", "", "")), ColumnarReaders.csv(csv));
    }

    @Test
    void aBadRowIsA422WithItsRowIndexAndNothingIsWritten() {
        byte[] body = stream(List.of(
                List.of(new Row("ARW.BAD", "2024-01-02T00:00:00Z", "100", "101", "99", "100", 1, null)),
                List.of(new Row("ARW.BAD", "2024-01-03T00:00:00Z", "100", "101", "99", null, 1, null),
                        new Row("ARW.BAD", "2024-01-04T00:00:00Z", "100", "98", "99", "100", 1, null),
                        new Row("ARW.BAD", "2024-01-02T00:00:00Z", "100", "101", "99", "100", 1, null))));
        post(body).statusCode(422).contentType(startsWith("application/problem+json"))
                .body("errors", hasSize(3))
                .body("errors.pointer", hasItem("/1/close"))
                .body("errors.pointer", hasItem("/2/high"))
                .body("errors.find { it.pointer == '/3/ts' }.message",
                        equalTo("same symbol, timeframe and ts as /0 in this batch"));
        given().queryParam("timeframe", "1d").when().get("/api/v1/bars/ARW.BAD/latest").then().statusCode(404);
    }

    @Test
    void bytesThatAreNoArrowStreamAreA400() {
        post("symbol,timeframe\nAAPL,1d\n".getBytes(StandardCharsets.UTF_8)).statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("detail", startsWith("The body is not an Arrow IPC stream"));
        byte[] good = stream(List.of(List.of(
                new Row("ARW.CUT", "2024-01-02T00:00:00Z", "100", "101", "99", "100", 1, null))));
        byte[] cut = java.util.Arrays.copyOf(good, good.length / 2);
        post(cut).statusCode(400).contentType(startsWith("application/problem+json"));
        given().queryParam("timeframe", "1d").when().get("/api/v1/bars/ARW.CUT/latest").then().statusCode(404);
    }

    @Test
    void whatGetAnswersInArrowPostsBackUnchanged() {
        TestData.uploadSp500("GSPC.ARW");
        byte[] arrow = given().accept(BarFormat.ARROW_STREAM).queryParam("timeframe", "1d").when()
                .get("/api/v1/bars/GSPC.ARW").then().statusCode(200).extract().asByteArray();
        post(arrow).statusCode(200).body("received", equalTo(5105)).body("unchanged", equalTo(5105));
    }
}
