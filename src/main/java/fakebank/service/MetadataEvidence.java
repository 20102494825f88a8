package fakebank.service;

import fakebank.detect.Decision;
import fakebank.detect.Reason;
import fakebank.detect.Verdict;
import fakebank.metadata.MetadataReport;

/**
 * Where metadata meets the verdict. Metadata that says the image was generated (C2PA or IPTC trained-algorithmic
 * source, a generator's PNG chunks, a generator named as Software) makes it fake: nobody labels a photo as AI by
 * mistake often enough to doubt it. Everything else metadata says (camera, editor, a C2PA manifest that claims no
 * AI) is shown as a reason but decides nothing: it is easy to forge, and its absence proves nothing either.
 */
final class MetadataEvidence {
    private MetadataEvidence() {
    }

    static Verdict apply(Verdict verdict, MetadataReport report) {
        if (report == null || report.evidence().isEmpty() && report.c2pa() == null) {
            return verdict;
        }
        Reason reason = new Reason(Reason.METADATA, report.reason());
        if (report.provesGeneration() && verdict.verdict() != Decision.FAKE) {
            return verdict.decidedBy(Decision.FAKE, reason);
        }
        return verdict.withReason(reason);
    }

    /** One CSV cell: what the metadata says, or empty when the file carries no provenance metadata. */
    static String summary(MetadataReport report) {
        return report == null || report.evidence().isEmpty() && report.c2pa() == null ? "" : report.reason();
    }
}
