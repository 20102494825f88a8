package fakebank.metadata;

import com.drew.lang.KeyValuePair;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.png.PngDirectory;
import com.drew.metadata.xmp.XmpDirectory;
import fakebank.metadata.c2pa.C2paReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps metadata-extractor's directories to our evidence: XMP (IPTC DigitalSourceType and AI-system fields,
 * CreatorTool, edit history, C2PA remote references, camera), EXIF (Make/Model, Software, UserComment and
 * ImageDescription holding generator parameters) and PNG text chunks (generator formats). One instance per read.
 */
final class TagEvidence {
    private static final int MAX_TEXT_CHUNKS = 200;
    private static final String DST = "digitalsourcetype";

    private final List<Evidence> evidence = new ArrayList<>();
    private final List<Generation> generations = new ArrayList<>();
    private final Set<String> sourceTypes = new LinkedHashSet<>();
    private final Set<String> editors = new LinkedHashSet<>();
    private String make;
    private String model;

    void read(Metadata metadata, List<String> notes) {
        for (Directory d : metadata.getDirectories()) {
            for (String error : d.getErrors()) {
                notes.add(d.getName() + ": " + Text.clip(error, 200));
            }
        }
        for (XmpDirectory xmp : metadata.getDirectoriesOfType(XmpDirectory.class)) {
            xmp(xmp.getXmpProperties());
        }
        ExifIFD0Directory ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
        if (ifd0 != null) {
            exif(ifd0, metadata.getFirstDirectoryOfType(ExifSubIFDDirectory.class));
        }
        pngText(metadata);
        if (make != null || model != null) {
            evidence.add(new Evidence(Evidence.Kind.CAMERA, "EXIF/XMP Make, Model",
                    camera().describe() + " (shown only: easy to forge, never proof of a real photo)"));
        }
    }

    private void xmp(Map<String, String> props) {
        String creatorTool = null;
        Set<String> agents = new LinkedHashSet<>();
        String aiSystem = null;
        String aiPrompt = null;
        String credit = null;
        for (Map.Entry<String, String> p : props.entrySet()) {
            String key = p.getKey();
            String local = localName(key).toLowerCase(Locale.ROOT);
            String value = p.getValue();
            if (value == null || value.isBlank()) {
                continue;
            }
            if (local.equals(DST)) {
                String term = C2paReader.iptcTerm(value);
                if (sourceTypes.add(term)) {
                    Evidence.Kind kind = DigitalSourceTypes.kind(term);
                    evidence.add(new Evidence(kind, "XMP " + key, DigitalSourceTypes.describe(term)));
                    if (kind == Evidence.Kind.GENERATED) {
                        generations.add(new Generation(null, null, null, "XMP " + key + " " + term));
                    }
                }
            } else if (local.equals("aisystemused")) {
                aiSystem = value;
            } else if (local.equals("aipromptinformation")) {
                aiPrompt = value;
            } else if (key.equals("photoshop:Credit")) {
                credit = value;
            } else if (key.equals("xmp:CreatorTool")) {
                creatorTool = value;
            } else if (local.equals("softwareagent") && agents.size() < 20) {
                agents.add(value);
            } else if (key.equals("dcterms:provenance")) {
                evidence.add(new Evidence(Evidence.Kind.PROVENANCE, "XMP dcterms:provenance",
                        "C2PA manifest referenced at " + Text.clip(value, 200) + " (not fetched, not verified)"));
            } else if (key.equals("tiff:Make") && make == null) {
                make = value;
            } else if (key.equals("tiff:Model") && model == null) {
                model = value;
            } else if (key.startsWith("exif:UserComment")) {
                parametersIn(value, "XMP exif:UserComment");
            }
        }
        // Google and others name the service only in the credit line ("Made with Google AI").
        String unnamed = credit != null ? "unnamed AI system, credit \"" + Text.clip(credit, 80) + "\""
                : "unnamed AI system (IPTC digital source type)";
        generations.replaceAll(g -> g.generator() == null ? new Generation(unnamed, g.model(), g.prompt(), g.source()) : g);
        if (aiSystem != null || aiPrompt != null) {
            String system = aiSystem == null ? "unnamed AI system" : aiSystem;
            evidence.add(new Evidence(Evidence.Kind.GENERATED, "XMP Iptc4xmpExt:AISystemUsed",
                    "AI system " + Text.clip(system, 100)));
            // The IPTC generic name stays as a fallback; the named system is the better generator.
            generations.addFirst(new Generation(system, null, aiPrompt, "XMP Iptc4xmpExt:AISystemUsed"));
        }
        if (creatorTool != null) {
            software(creatorTool, "XMP xmp:CreatorTool");
        }
        for (String agent : agents) {
            software(agent, "XMP xmpMM:History softwareAgent");
        }
    }

    private void exif(ExifIFD0Directory ifd0, ExifSubIFDDirectory sub) {
        String exifMake = ifd0.getString(ExifIFD0Directory.TAG_MAKE);
        String exifModel = ifd0.getString(ExifIFD0Directory.TAG_MODEL);
        // ComfyUI's WebP/JPEG savers put "prompt:{...}" and "workflow:{...}" into Make/Model: not a camera.
        String comfyPrompt = prefixed(exifMake, "prompt:");
        String comfyWorkflow = prefixed(exifModel, "workflow:");
        if (comfyPrompt != null || comfyWorkflow != null) {
            Generation g = GeneratorText.comfy(comfyPrompt, comfyWorkflow, "EXIF Make/Model");
            if (g != null) {
                generated(g, "ComfyUI graph in EXIF Make/Model");
            }
        } else {
            make = exifMake == null ? make : exifMake.strip();
            model = exifModel == null ? model : exifModel.strip();
        }
        String software = ifd0.getString(ExifIFD0Directory.TAG_SOFTWARE);
        if (software != null && !software.isBlank()) {
            software(software, "EXIF Software");
        }
        parametersIn(ifd0.getString(ExifIFD0Directory.TAG_IMAGE_DESCRIPTION), "EXIF ImageDescription");
        if (sub != null && sub.containsTag(ExifSubIFDDirectory.TAG_USER_COMMENT)) {
            parametersIn(userComment(sub.getByteArray(ExifSubIFDDirectory.TAG_USER_COMMENT)), "EXIF UserComment");
        }
    }

    /**
     * EXIF UserComment: an 8-byte charset prefix, then the text. "UNICODE" is UTF-16 in the TIFF byte order, which
     * the library always decodes as little-endian; AUTOMATIC1111 (through piexif) writes big-endian, so both orders
     * are tried and the one that reads as more ASCII wins.
     */
    static String userComment(byte[] raw) {
        if (raw == null || raw.length <= 8) {
            return null;
        }
        String prefix = new String(raw, 0, 8, java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] body = java.util.Arrays.copyOfRange(raw, 8, Math.min(raw.length, 8 + (4 << 20)));
        if (prefix.startsWith("UNICODE")) {
            String be = new String(body, java.nio.charset.StandardCharsets.UTF_16BE);
            String le = new String(body, java.nio.charset.StandardCharsets.UTF_16LE);
            return asciiShare(be) >= asciiShare(le) ? be : le;
        }
        return new String(body, prefix.startsWith("ASCII") ? java.nio.charset.StandardCharsets.ISO_8859_1
                : java.nio.charset.StandardCharsets.UTF_8);
    }

    private static double asciiShare(String s) {
        long ascii = s.chars().limit(10_000).filter(c -> c >= 0x20 && c < 0x7F).count();
        return ascii / (double) Math.max(1, Math.min(s.length(), 10_000));
    }

    /** AUTOMATIC1111-style parameters saved into a JPEG/WebP comment field. */
    private void parametersIn(String text, String where) {
        if (text == null || text.length() < 10) {
            return;
        }
        Generation g = GeneratorText.parameters(text, where, false);
        if (g != null) {
            generated(g, "generation parameters");
        }
    }

    private void pngText(Metadata metadata) {
        Map<String, String> chunks = new LinkedHashMap<>();
        for (PngDirectory png : metadata.getDirectoriesOfType(PngDirectory.class)) {
            Object pairs = png.getObject(PngDirectory.TAG_TEXTUAL_DATA);
            if (!(pairs instanceof List<?> list)) {
                continue;
            }
            for (Object o : list) {
                if (o instanceof KeyValuePair kv && chunks.size() < MAX_TEXT_CHUNKS) {
                    chunks.putIfAbsent(kv.getKey(), kv.getValue() == null ? "" : kv.getValue().toString());
                }
            }
        }
        if (chunks.isEmpty()) {
            return;
        }
        Generation g = GeneratorText.fromPngText(chunks, "PNG text");
        if (g != null) {
            generated(g, "generator text chunks " + String.join(", ", chunks.keySet().stream().limit(8).toList()));
        }
        String software = chunks.get("Software");
        if (software != null) {
            software(software, "PNG text Software");
        }
    }

    private void generated(Generation g, String what) {
        generations.add(g);
        evidence.add(new Evidence(Evidence.Kind.GENERATED, g.source(), what + ": " + g.describe()));
    }

    private void software(String value, String where) {
        SoftwareNames.Named named = SoftwareNames.classify(value);
        switch (named.role()) {
            case GENERATOR -> {
                evidence.add(new Evidence(Evidence.Kind.GENERATED, where, "generator " + named.name() + " ("
                        + Text.clip(value, 100) + ")"));
                generations.add(new Generation(named.name(), null, null, where + " " + Text.clip(value, 100)));
            }
            case EDITOR -> {
                evidence.add(new Evidence(Evidence.Kind.EDITED, where, Text.clip(value, 100)));
                editors.add(named.name());
            }
            default -> evidence.add(new Evidence(Evidence.Kind.SOFTWARE, where, Text.clip(value, 100)));
        }
    }

    private static String prefixed(String value, String prefix) {
        return value != null && value.startsWith(prefix) ? value.substring(prefix.length()) : null;
    }

    private static String localName(String path) {
        int slash = path.lastIndexOf('/');
        String last = slash < 0 ? path : path.substring(slash + 1);
        int bracket = last.indexOf('[');
        if (bracket >= 0) {
            last = last.substring(0, bracket);
        }
        int colon = last.indexOf(':');
        return colon < 0 ? last : last.substring(colon + 1);
    }

    List<Evidence> evidence() {
        return evidence;
    }

    List<Generation> generations() {
        return generations;
    }

    Set<String> sourceTypes() {
        return sourceTypes;
    }

    Set<String> editors() {
        return editors;
    }

    Camera camera() {
        return make == null && model == null ? null : new Camera(make, model);
    }
}
