package fakebank.detect;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The verdict's word: inside the unsure band around the threshold the detector does not commit. */
public enum Decision {
    REAL, FAKE, UNSURE;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
