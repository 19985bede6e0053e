package dev.tickvault.journal.decisions;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** The answer to a batch of decisions, for the API description: {@code {"data":[...]}} in input order. */
@Schema(description = "The recorded decisions, in input order.", requiredProperties = "data")
public record DecisionList(@Schema(description = "The recorded decisions, one per decision posted, in input order.")
        List<DecisionView> data) {
}
