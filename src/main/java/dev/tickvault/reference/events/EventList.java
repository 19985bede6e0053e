package dev.tickvault.reference.events;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** The answer to a batch of events, for the API description: {@code {"data":[...]}} in input order. */
@Schema(description = "The recorded events, in input order.", requiredProperties = "data")
public record EventList(@Schema(description = "The recorded events, one per event posted, in input order.")
        List<EventView> data) {
}
