package fakebank.detect;

import fakebank.bank.Label;
import fakebank.bank.LabeledVector;

/**
 * Which group an entry belongs to for cross-validation: all entries of one group land on the same side of every
 * split, so near-duplicates (same generator, same subject) cannot leak from training into evaluation.
 */
@FunctionalInterface
public interface GroupKey {
    String of(LabeledVector entry);

    /**
     * The default: fakes group by generator (fakes without a generator each form their own group, since nothing
     * says they share one); reals group by subject: the folder of their source when the source names one
     * ("github:google/dreambooth@abc:dataset/cat/03.jpg" groups with the other cats), else the part of the id
     * before the first '/' or ':' when there is one, else by sha256 (or id), i.e. one group per image.
     */
    static GroupKey generatorOrSubject() {
        return entry -> {
            if (entry.label() == Label.FAKE) {
                return entry.generator() != null ? "fake:" + entry.generator() : "fake-id:" + entry.id();
            }
            String source = entry.source();
            int folder = source == null ? -1 : source.lastIndexOf('/');
            if (folder > 0) {
                return "real:" + source.substring(0, folder);
            }
            String id = entry.id();
            int cut = firstSeparator(id);
            if (cut > 0) {
                return "real:" + id.substring(0, cut);
            }
            return "real:" + (entry.sha256() != null ? entry.sha256() : id);
        };
    }

    private static int firstSeparator(String id) {
        int slash = id.indexOf('/');
        int colon = id.indexOf(':');
        if (slash < 0) {
            return colon;
        }
        return colon < 0 ? slash : Math.min(slash, colon);
    }
}
