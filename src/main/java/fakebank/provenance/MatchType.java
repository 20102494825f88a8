package fakebank.provenance;

import java.util.Locale;

/**
 * How a query was recognised as a known image: the same bytes ({@code exact}), an embedding so close it can only be
 * the same picture ({@code near}), a copy confirmed by geometric verification ({@code copy}), or a PDQ hash within
 * the Hamming threshold ({@code pdq}, the only way a hash-only entry matches).
 */
public enum MatchType {
    EXACT, NEAR, COPY, PDQ;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
