package dev.tickvault.journal.predictions;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/** Prediction outcomes through Hibernate Reactive Panache. */
@ApplicationScoped
public class PredictionOutcomeRepository implements PanacheRepositoryBase<PredictionOutcome, UUID> {

    /** The outcome of a prediction, or {@code null}. */
    @WithSession
    public Uni<PredictionOutcome> byPrediction(UUID predictionId) {
        return findById(predictionId);
    }
}
