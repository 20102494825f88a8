package fakebank.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one configured Jackson mapper for what fakebank shows and stores as JSON (API responses, CLI output, journal
 * and bank-file records, audit lines): snake_case names, java.time values as ISO-8601 text, unknown fields ignored
 * on reading (newer files stay readable), records without properties allowed. Thread-safe once built; never
 * reconfigure it, derive a copy ({@link #withoutNulls()}).
 */
public final class JsonMapping {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .findAndAddModules()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final ObjectMapper WITHOUT_NULLS = MAPPER.copy()
            .setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
                    JsonInclude.Include.NON_NULL));

    private JsonMapping() {
    }

    /** The same mapping, leaving null fields out: what the CLI prints. */
    public static ObjectMapper withoutNulls() {
        return WITHOUT_NULLS;
    }
}
