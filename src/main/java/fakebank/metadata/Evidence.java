package fakebank.metadata;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * One thing the metadata says, with where it was read ({@code source}: {@code "PNG tEXt parameters"},
 * {@code "EXIF Software"}, {@code "C2PA c2pa.actions"}, ...) and a short human-readable {@code detail}.
 */
public record Evidence(Kind kind, String source, String detail) {
    /** What a piece of metadata claims. Only {@link #GENERATED} says "made by AI"; the rest are shown, not decisive. */
    public enum Kind {
        /** Says the image was made (or composited) by a trained generative model. */
        GENERATED,
        /** Says algorithmic or synthetic media that is not trained AI (IPTC algorithmicMedia, digitalArt, ...). */
        ALGORITHMIC,
        /** Declares a capture from real life (IPTC digitalCapture, ...): a claim, never proof of a real photo. */
        CAPTURE,
        /** Camera make and model from EXIF/XMP: trivial to forge, shown only. */
        CAMERA,
        /** An editor touched the file (Photoshop, GIMP, Lightroom, C2PA edit actions). */
        EDITED,
        /** Other software named in the metadata (camera firmware, converters). */
        SOFTWARE,
        /** A C2PA manifest and what validating it offline found. */
        C2PA,
        /** A reference to provenance held elsewhere (a remote C2PA manifest), not fetched. */
        PROVENANCE;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
