package dev.tickvault.journal.predictions;

import dev.tickvault.common.Faults;
import dev.tickvault.common.FieldReader;
import dev.tickvault.common.Lsn;
import dev.tickvault.common.Problems;
import dev.tickvault.common.Uuids;
import dev.tickvault.idempotency.IdempotentWrite;
import dev.tickvault.idempotency.Reply;
import dev.tickvault.journal.JournalConfig;
import dev.tickvault.ops.db.ReadRouting;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * Predictions and outcomes (DESIGN 4): a prediction is recorded once; its outcome is recorded, or replaced,
 * by {@code PUT}; accuracy is computed in SQL over the predictions that have one.
 */
@ApplicationScoped
public class PredictionService {

    private final PredictionRepository predictions;
    private final PredictionOutcomeRepository outcomes;
    private final IdempotentWrite write;
    private final BigDecimal threshold;
    private final ReadRouting routing;

    public PredictionService(PredictionRepository predictions, PredictionOutcomeRepository outcomes,
            IdempotentWrite write, JournalConfig config, ReadRouting routing) {
        this.predictions = predictions;
        this.outcomes = outcomes;
        this.write = write;
        this.threshold = config.prediction().tradeThreshold();
        this.routing = routing;
    }

    /** An outcome as sent: {@code actualValue} required, {@code observedAt} defaults to now. */
    @Schema(name = "NewPredictionOutcome", description = "The observed value of a prediction.")
    public record NewOutcome(
            @Schema(description = "The value observed, an exact decimal, at most 8 decimal places (NUMERIC(20,8)).", required = true, examples = "29.63")
            BigDecimal actualValue,
            @Schema(description = "When it was observed, RFC 3339 in UTC; the time it is recorded when absent.",
                    examples = "2009-06-02T20:00:00Z") Instant observedAt) {

        /** Reads an outcome, adding a fault for each broken rule. */
        public static NewOutcome read(FieldReader in, Faults faults) {
            return new NewOutcome(in.decimal("actualValue", true), in.timestamp("observedAt", false));
        }
    }

    /** An outcome recorded, and whether it is the first one for its prediction. */
    public record Recorded(PredictionView prediction, boolean created) {
    }

    /** Records a prediction in one transaction (with the request's idempotency key when it has one). */
    public Uni<Reply> record(NewPrediction in, IdempotentWrite.Request<PredictionView> request) {
        return write.runInSession(request, () -> record(in));
    }

    private Uni<PredictionView> record(NewPrediction in) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Prediction p = new Prediction();
        p.id = Uuids.v7();
        p.symbol = in.symbol();
        p.model = in.model();
        p.horizon = in.horizon();
        p.predictedAt = in.predictedAt() != null ? in.predictedAt() : now;
        p.predictedValue = in.predictedValue();
        p.referenceValue = in.referenceValue();
        p.direction = in.direction();
        p.confidence = in.confidence();
        p.agentCycle = in.agentCycle();
        p.recordedAt = now;
        return predictions.persist(p).map(ignored -> PredictionView.of(p, null, threshold));
    }

    /**
     * Records or replaces the outcome of a prediction, the prediction row locked meanwhile.
     *
     * @return empty when there is no such prediction (404); 422 when {@code observedAt} is before
     *     {@code predictedAt}
     */
    @WithTransaction
    public Uni<Optional<Recorded>> recordOutcome(UUID id, NewOutcome in) {
        return predictions.lockById(id).chain(p -> {
            if (p == null) {
                return Uni.createFrom().item(Optional.<Recorded>empty());
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            Instant observedAt = in.observedAt() != null ? in.observedAt() : now;
            if (observedAt.isBefore(p.predictedAt)) {
                throw Problems.invalid("/observedAt", "observedAt", "must not be before predictedAt " + p.predictedAt);
            }
            return outcomes.findById(id).chain(existing -> {
                PredictionOutcome o = existing != null ? existing : new PredictionOutcome();
                o.predictionId = id;
                o.actualValue = in.actualValue();
                o.observedAt = observedAt;
                o.recordedAt = now;
                Uni<?> write = existing != null ? outcomes.flush() : outcomes.persistAndFlush(o);
                return write.map(ignored -> Optional.of(new Recorded(PredictionView.of(p, o, threshold),
                        existing == null)));
            });
        });
    }

    /** A prediction with its outcome. */
    @WithSession
    public Uni<Optional<PredictionView>> byId(UUID id) {
        // One query after the other: a Hibernate session runs one at a time.
        return predictions.byId(id).chain(p -> p == null ? Uni.createFrom().item(Optional.<PredictionView>empty())
                : outcomes.byPrediction(id).map(o -> Optional.of(PredictionView.of(p, o, threshold))));
    }

    /**
     * Accuracy of the matching predictions that have an outcome, computed where {@link ReadRouting} sends a read
     * that must include {@code minLsn}.
     */
    public Uni<Accuracy> accuracy(String model, String symbol, Instant from, Instant to, Lsn minLsn) {
        return predictions.accuracy(routing.reads(minLsn), model, symbol, from, to);
    }
}
