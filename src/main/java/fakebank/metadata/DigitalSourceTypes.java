package fakebank.metadata;

import java.util.Locale;
import java.util.Map;

/**
 * The IPTC Digital Source Type vocabulary (https://cv.iptc.org/newscodes/digitalsourcetype/), used by C2PA actions
 * and by XMP {@code Iptc4xmpExt:DigitalSourceType}, mapped to what it means for us. Only the two "trained
 * algorithmic" terms say trained AI made the content; {@code algorithmicMedia} (pure algorithm, no training data)
 * and the other synthetic terms are reported as ambiguous.
 */
final class DigitalSourceTypes {
    private static final Map<String, Evidence.Kind> TERMS = Map.ofEntries(
            Map.entry("trainedalgorithmicmedia", Evidence.Kind.GENERATED),
            Map.entry("compositewithtrainedalgorithmicmedia", Evidence.Kind.GENERATED),
            Map.entry("algorithmicmedia", Evidence.Kind.ALGORITHMIC),
            Map.entry("compositesynthetic", Evidence.Kind.ALGORITHMIC),
            Map.entry("digitalart", Evidence.Kind.ALGORITHMIC),
            Map.entry("digitalcreation", Evidence.Kind.ALGORITHMIC),
            Map.entry("virtualrecording", Evidence.Kind.ALGORITHMIC),
            Map.entry("softwareimage", Evidence.Kind.ALGORITHMIC),
            Map.entry("datadrivenmedia", Evidence.Kind.ALGORITHMIC),
            Map.entry("digitalcapture", Evidence.Kind.CAPTURE),
            Map.entry("computationalcapture", Evidence.Kind.CAPTURE),
            Map.entry("compositecapture", Evidence.Kind.CAPTURE),
            Map.entry("screencapture", Evidence.Kind.CAPTURE),
            Map.entry("negativefilm", Evidence.Kind.CAPTURE),
            Map.entry("positivefilm", Evidence.Kind.CAPTURE),
            Map.entry("print", Evidence.Kind.CAPTURE),
            Map.entry("humanedits", Evidence.Kind.EDITED),
            Map.entry("minorhumanedits", Evidence.Kind.EDITED),
            Map.entry("algorithmicallyenhanced", Evidence.Kind.EDITED));

    private DigitalSourceTypes() {
    }

    /** The kind of evidence a term is; a term outside the vocabulary is ambiguous ({@link Evidence.Kind#ALGORITHMIC}). */
    static Evidence.Kind kind(String term) {
        return TERMS.getOrDefault(term.toLowerCase(Locale.ROOT), Evidence.Kind.ALGORITHMIC);
    }

    static boolean known(String term) {
        return TERMS.containsKey(term.toLowerCase(Locale.ROOT));
    }

    static String describe(String term) {
        return switch (kind(term)) {
            case GENERATED -> "digitalSourceType " + term + ": made with trained AI";
            case CAPTURE -> "digitalSourceType " + term + ": declared capture (a claim, not proof)";
            case EDITED -> "digitalSourceType " + term + ": edited";
            default -> known(term) ? "digitalSourceType " + term + ": algorithmic or synthetic, not trained AI"
                    : "digitalSourceType " + term + ": not an IPTC term fakebank knows";
        };
    }
}
