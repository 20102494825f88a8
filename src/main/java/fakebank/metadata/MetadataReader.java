package fakebank.metadata;

import com.drew.imaging.FileType;
import com.drew.imaging.FileTypeDetector;
import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import fakebank.metadata.c2pa.C2paManifest;
import fakebank.metadata.c2pa.C2paReader;
import fakebank.metadata.c2pa.C2paReport;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one entry point: {@link #read(byte[])} turns an image's bytes into a {@link MetadataReport}, before and
 * independently of decoding the pixels. EXIF, XMP, IPTC and PNG text chunks come from metadata-extractor; the C2PA
 * manifest store from {@link C2paReader}. Never throws: malformed metadata yields what could be read plus a note.
 * Thread-safe and stateless.
 */
public final class MetadataReader {
    private static final Set<String> NON_EDIT_ACTIONS = Set.of("c2pa.created", "c2pa.opened", "c2pa.converted",
            "c2pa.published", "c2pa.repackaged", "c2pa.transcoded", "c2pa.managed", "c2pa.watermarked",
            "c2pa.edited.metadata");

    private MetadataReader() {
    }

    public static MetadataReport read(byte[] bytes) {
        List<String> notes = new ArrayList<>();
        if (bytes == null || bytes.length == 0) {
            return new MetadataReport("unknown", null, null, List.of(), List.of(), null, List.of(),
                    List.of("no bytes to read"));
        }
        String format = format(bytes);
        TagEvidence tags = new TagEvidence();
        try {
            Metadata metadata = ImageMetadataReader.readMetadata(
                    new ByteArrayInputStream(SafeContainers.prepare(bytes, notes)));
            tags.read(metadata, notes);
        } catch (Exception | StackOverflowError e) { // the library's checked and unchecked failures alike
            notes.add("EXIF/XMP/PNG metadata not readable: " + message(e));
        }
        C2paReport c2pa = null;
        try {
            c2pa = C2paReader.read(bytes);
        } catch (RuntimeException | StackOverflowError e) { // C2paReader catches its own; this is a last guard
            notes.add("C2PA store not readable: " + message(e));
        }
        if (c2pa != null) {
            notes.addAll(c2pa.notes());
        }
        return assemble(format, tags, c2pa, notes);
    }

    private static MetadataReport assemble(String format, TagEvidence tags, C2paReport c2pa, List<String> notes) {
        List<Evidence> evidence = new ArrayList<>();
        List<Generation> generations = new ArrayList<>();
        Set<String> sourceTypes = new LinkedHashSet<>();
        Set<String> editors = new LinkedHashSet<>();
        if (c2pa != null) {
            c2paEvidence(c2pa, evidence, generations, sourceTypes, editors);
        }
        evidence.addAll(tags.evidence());
        generations.addAll(tags.generations());
        sourceTypes.addAll(tags.sourceTypes());
        editors.addAll(tags.editors());
        Generation generated = generations.isEmpty() ? null : generations.getFirst();
        return new MetadataReport(format, generated, tags.camera(), List.copyOf(editors), List.copyOf(sourceTypes),
                c2pa, List.copyOf(evidence), List.copyOf(new LinkedHashSet<>(notes)));
    }

    private static void c2paEvidence(C2paReport c2pa, List<Evidence> evidence, List<Generation> generations,
                                     Set<String> sourceTypes, Set<String> editors) {
        String validation = c2pa.validation() + (c2pa.failures().isEmpty() ? "" : " (" + String.join(", ",
                c2pa.failures()) + ")");
        C2paManifest active = c2pa.active();
        String signer = active == null || active.signer() == null ? "" : "; signed by " + Text.clip(active.signer(), 120)
                + ", untrusted (no trust list offline)";
        evidence.add(new Evidence(Evidence.Kind.C2PA, "C2PA manifest store in " + c2pa.container(),
                c2pa.manifests().size() + " manifest(s), validation " + validation
                        + (active == null ? "" : "; claim generator " + active.claimGenerator()) + signer));
        for (C2paManifest m : c2pa.manifests().reversed()) { // the active manifest first
            String where = "C2PA " + (m.active() ? "active manifest" : "ingredient manifest") + " actions";
            for (String term : m.digitalSourceTypes()) {
                sourceTypes.add(term);
                Evidence.Kind kind = DigitalSourceTypes.kind(term);
                evidence.add(new Evidence(kind, where, DigitalSourceTypes.describe(term)));
                if (kind == Evidence.Kind.GENERATED) {
                    generations.add(new Generation(c2paGenerator(m), null, null, "C2PA digitalSourceType " + term
                            + ", manifest validation " + c2pa.validation()));
                }
            }
            SoftwareNames.Named named = namedGenerator(m);
            if (named != null && m.actions().contains("c2pa.created")) {
                evidence.add(new Evidence(Evidence.Kind.GENERATED, where,
                        "created by " + named.name() + " (software agent or claim generator)"));
                generations.add(new Generation(named.name(), null, null, "C2PA c2pa.created by " + named.name()
                        + ", manifest validation " + c2pa.validation()));
            }
            List<String> edits = m.actions().stream().filter(a -> !NON_EDIT_ACTIONS.contains(a)).distinct().toList();
            if (!edits.isEmpty()) {
                evidence.add(new Evidence(Evidence.Kind.EDITED, where, String.join(", ", edits)));
                SoftwareNames.Named editor = SoftwareNames.classify(m.claimGenerator());
                editors.add(editor.role() == SoftwareNames.Role.EDITOR ? editor.name() : "C2PA edit actions");
            }
        }
    }

    /** A generator named by the manifest's software agents or claim generator, or null. */
    private static SoftwareNames.Named namedGenerator(C2paManifest m) {
        List<String> names = new ArrayList<>(m.softwareAgents());
        if (m.claimGenerator() != null) {
            names.add(m.claimGenerator().replace('_', ' '));
        }
        for (String n : names) {
            SoftwareNames.Named named = SoftwareNames.classify(n);
            if (named.role() == SoftwareNames.Role.GENERATOR) {
                return named;
            }
        }
        return null;
    }

    private static String c2paGenerator(C2paManifest m) {
        SoftwareNames.Named named = namedGenerator(m);
        if (named != null) {
            return named.name();
        }
        if (!m.softwareAgents().isEmpty()) {
            return m.softwareAgents().getFirst();
        }
        return m.claimGenerator() == null ? "unnamed C2PA claim generator" : m.claimGenerator();
    }

    private static String format(byte[] bytes) {
        try {
            FileType type = FileTypeDetector.detectFileType(new BufferedInputStream(new ByteArrayInputStream(bytes)));
            return type == FileType.Unknown ? "unknown" : type.getName().toLowerCase(Locale.ROOT);
        } catch (Exception e) {
            return "unknown";
        }
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        return Text.clip(m == null ? e.getClass().getSimpleName() : m, 200);
    }
}
