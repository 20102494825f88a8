package fakebank.metadata.c2pa;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads and checks a C2PA manifest store offline. Per manifest: the claim signature (COSE_Sign1 against the
 * certificate in the manifest), the hash of every assertion the claim lists, the hash of ingredient manifests
 * kept in the store, and for the active manifest the hard binding ({@code c2pa.hash.data} over the asset bytes).
 * Not done offline: trust in the signer (no C2PA trust list), time-stamp and OCSP checks, BMFF/box hashes, remote
 * manifests. Never throws on bad bytes: a store that cannot be parsed is reported as failed with a note.
 */
public final class C2paReader {
    private static final String IPTC_PREFIX = "digitalsourcetype/";

    private C2paReader() {
    }

    /** The store's report, or null when the asset carries no embedded manifest store. */
    public static C2paReport read(byte[] asset) {
        ManifestLocator.Found found;
        try {
            found = ManifestLocator.find(asset);
        } catch (RuntimeException e) {
            return malformed("unknown", "cannot locate the manifest store: " + e.getMessage(), List.of());
        }
        if (found == null) {
            return null;
        }
        try {
            return readStore(asset, found);
        } catch (RuntimeException e) { // Box.MalformedException, or anything a hostile store provokes
            return malformed(found.container(), "manifest store is malformed: " + e.getMessage(), found.notes());
        }
    }

    private static C2paReport malformed(String container, String why, List<String> notes) {
        List<String> all = new ArrayList<>(notes);
        all.add(why);
        return new C2paReport(container, null, C2paReport.FAILED, List.of("manifest.malformed"), List.of(),
                List.copyOf(all));
    }

    private static C2paReport readStore(byte[] asset, ManifestLocator.Found found) {
        byte[] s = found.store();
        List<Box> top = Box.read(s, 0, s.length);
        if (top.isEmpty()) {
            throw new Box.MalformedException("empty store");
        }
        Jumbf store = Jumbf.parse(s, top.getFirst());
        if (!"c2pa".equals(store.typeCode())) {
            throw new Box.MalformedException("outer JUMBF box is '" + store.typeCode() + "', not a c2pa store");
        }
        List<Jumbf> manifests = store.superboxes().stream()
                .filter(m -> m.typeCode().equals("c2ma") || m.typeCode().equals("c2um")).toList();
        if (manifests.isEmpty()) {
            throw new Box.MalformedException("store holds no manifest");
        }
        List<C2paManifest> out = new ArrayList<>();
        Set<String> failures = new LinkedHashSet<>();
        boolean incomplete = false;
        for (int i = 0; i < manifests.size(); i++) {
            boolean active = i == manifests.size() - 1;
            C2paManifest m = manifest(s, store, manifests.get(i), active, asset, found);
            out.add(m);
            ManifestCheck check = m.validation();
            failures.addAll(check.failures());
            incomplete |= check.signature().equals(ManifestCheck.NOT_CHECKED)
                    || check.assertionHashes().equals(ManifestCheck.NOT_CHECKED)
                    || (active && check.hardBinding().equals(ManifestCheck.NOT_CHECKED));
        }
        String validation = !failures.isEmpty() ? C2paReport.FAILED
                : incomplete ? C2paReport.INCOMPLETE : C2paReport.PASSED;
        return new C2paReport(found.container(), manifests.getLast().label(), validation, List.copyOf(failures),
                List.copyOf(out), found.notes());
    }

    private static C2paManifest manifest(byte[] s, Jumbf store, Jumbf m, boolean active, byte[] asset,
                                         ManifestLocator.Found found) {
        List<String> failures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Jumbf claimBox = byType(m, "c2cl");
        Jumbf assertions = byType(m, "c2as");
        Box claimCbor = claimBox == null ? null : claimBox.content("cbor");
        if (claimCbor == null) {
            failures.add("claim.missing");
            ManifestCheck check = new ManifestCheck(ManifestCheck.FAILED, ManifestCheck.NOT_CHECKED,
                    ManifestCheck.NOT_CHECKED, SignatureCheck.UNTRUSTED, List.copyOf(failures),
                    List.of("manifest has no claim"));
            return new C2paManifest(m.label(), active, null, null, null, List.of(), List.of(), List.of(), List.of(),
                    null, null, null, check);
        }
        byte[] claimBytes = Arrays.copyOfRange(s, claimCbor.body(), claimCbor.end());
        JsonNode claim = Cbor.read(claimBytes);
        String claimAlg = text(claim.get("alg"));

        SignatureCheck sig = SignatureCheck.of(s, byType(m, "c2cs"), claimBytes, failures, notes);

        // Every hashed URI the claim lists, and ingredient manifests the store keeps.
        String assertionHashes = ManifestCheck.OK;
        List<JsonNode> uris = new ArrayList<>();
        for (String field : List.of("assertions", "created_assertions", "gathered_assertions")) {
            claim.path(field).forEach(uris::add);
        }
        for (JsonNode uri : uris) {
            String result = HashChecks.uri(s, store, m, uri, claimAlg, failures);
            if (result.equals(ManifestCheck.FAILED)) {
                assertionHashes = ManifestCheck.FAILED;
            } else if (result.equals(ManifestCheck.NOT_CHECKED) && assertionHashes.equals(ManifestCheck.OK)) {
                assertionHashes = ManifestCheck.NOT_CHECKED;
            }
        }

        // Assertions: actions, digital source types, ingredients, the hard binding.
        List<String> actions = new ArrayList<>();
        Set<String> sourceTypes = new LinkedHashSet<>();
        Set<String> agents = new LinkedHashSet<>();
        List<String> ingredients = new ArrayList<>();
        String hardBinding = active ? null : ManifestCheck.NOT_CHECKED;
        if (!active) {
            notes.add("ingredient manifest: its hard binding covers the ingredient's bytes, which are not here");
        }
        if (assertions != null) {
            for (Jumbf a : assertions.superboxes()) {
                String label = baseLabel(a.label());
                Box cbor = a.content("cbor");
                if (cbor == null) {
                    continue;
                }
                if (label.startsWith("c2pa.actions")) {
                    readActions(Cbor.read(s, cbor.body(), cbor.end()), actions, sourceTypes, agents);
                } else if (label.startsWith("c2pa.ingredient")) {
                    JsonNode ing = Cbor.read(s, cbor.body(), cbor.end());
                    String title = text(ing.get("dc:title"));
                    String rel = text(ing.get("relationship"));
                    ingredients.add((title == null ? "(untitled)" : title) + (rel == null ? "" : " (" + rel + ")"));
                    // v1/v2 ingredients hash the ingredient's manifest box; v3's activeManifest is not checked.
                    JsonNode ref = ing.get("c2pa_manifest");
                    if (ref != null && ref.isObject()
                            && HashChecks.uri(s, store, m, ref, claimAlg, failures).equals(ManifestCheck.FAILED)) {
                        assertionHashes = ManifestCheck.FAILED;
                    }
                }
            }
        }
        if (active) {
            // An update manifest leaves the asset as it was: the binding is the last standard manifest's.
            Jumbf binding = m;
            ManifestLocator.Found grown = null;
            if (m.typeCode().equals("c2um")) {
                binding = store.superboxes().stream().filter(x -> x.typeCode().equals("c2ma")).reduce((a, b) -> b)
                        .orElse(m);
                grown = found;
                notes.add("update manifest: the hard binding checked is that of " + binding.label());
            }
            hardBinding = HashChecks.hardBinding(s, binding, asset, claimAlg, grown, failures, notes);
        }
        ManifestCheck check = new ManifestCheck(sig.status(), assertionHashes, hardBinding, sig.trust(),
                List.copyOf(new LinkedHashSet<>(failures)), List.copyOf(notes));
        return new C2paManifest(m.label(), active, claimGenerator(claim), text(claim.get("dc:title")),
                text(claim.get("dc:format")), List.copyOf(actions), List.copyOf(sourceTypes), List.copyOf(agents),
                List.copyOf(ingredients), sig.signer(), sig.issuer(), sig.algorithm(), check);
    }

    private static void readActions(JsonNode node, List<String> actions, Set<String> sourceTypes, Set<String> agents) {
        for (JsonNode a : node.path("actions")) {
            String action = text(a.get("action"));
            if (action != null && actions.size() < 50) {
                actions.add(action);
            }
            String dst = text(a.get("digitalSourceType"));
            if (dst == null) {
                dst = text(a.path("parameters").get("digitalSourceType"));
            }
            if (dst != null) {
                sourceTypes.add(iptcTerm(dst));
            }
            JsonNode agent = a.get("softwareAgent");
            String name = agent == null ? null : agent.isObject() ? join(agent.get("name"), agent.get("version"))
                    : text(agent);
            if (name != null && agents.size() < 20) {
                agents.add(name);
            }
        }
    }

    /** The vocabulary term of an IPTC digital source type URL, or the value itself when it is not a URL. */
    public static String iptcTerm(String value) {
        String v = value.trim();
        int at = v.toLowerCase(Locale.ROOT).lastIndexOf(IPTC_PREFIX);
        if (at >= 0) {
            v = v.substring(at + IPTC_PREFIX.length());
        }
        return v.length() > 100 ? v.substring(0, 100) : v;
    }

    private static String claimGenerator(JsonNode claim) {
        String g = text(claim.get("claim_generator"));
        if (g != null) {
            return g;
        }
        JsonNode info = claim.get("claim_generator_info");
        if (info != null && info.isArray() && !info.isEmpty()) {
            info = info.get(0);
        }
        return info == null ? null : join(info.get("name"), info.get("version"));
    }

    private static String join(JsonNode name, JsonNode version) {
        String n = text(name);
        String v = text(version);
        return n == null ? null : v == null ? n : n + " " + v;
    }

    /** Labels may carry an instance suffix ({@code c2pa.ingredient__1}); the version suffix ({@code .v2}) stays. */
    static String baseLabel(String label) {
        if (label == null) {
            return "";
        }
        int at = label.indexOf("__");
        return at < 0 ? label : label.substring(0, at);
    }

    static Jumbf byType(Jumbf m, String typeCode) {
        for (Jumbf j : m.superboxes()) {
            if (j.typeCode().equals(typeCode)) {
                return j;
            }
        }
        return null;
    }

    static String text(JsonNode n) {
        if (n == null || !n.isTextual()) {
            return null;
        }
        String t = n.asText();
        return t.length() > 500 ? t.substring(0, 500) : t;
    }
}
