package fakebank.bank;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import fakebank.error.BadRequestException;
import java.util.Locale;

/** Ground truth of a bank entry. */
public enum Label {
    REAL, FAKE;

    @JsonCreator
    public static Label parse(String value) {
        if (value == null) {
            throw new BadRequestException("label is required: real or fake");
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "real" -> REAL;
            case "fake" -> FAKE;
            default -> throw new BadRequestException("label must be real or fake, got '" + value + "'");
        };
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
