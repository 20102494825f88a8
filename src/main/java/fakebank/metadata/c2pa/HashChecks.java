package fakebank.metadata.c2pa;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The hash checks C2PA allows offline: hashed URIs (an assertion's or an ingredient manifest's JUMBF superbox) and
 * the {@code c2pa.hash.data} hard binding over the asset bytes. Each returns {@link ManifestCheck#OK},
 * {@link ManifestCheck#FAILED} (adding a C2PA status code to {@code failures}) or {@link ManifestCheck#NOT_CHECKED}.
 */
final class HashChecks {
    private HashChecks() {
    }

    /** The first hard binding of a manifest, checked against the asset when it is a data hash. */
    static String hardBinding(byte[] s, Jumbf manifest, byte[] asset, String claimAlg,
                                      ManifestLocator.Found grown, List<String> failures, List<String> notes) {
        Jumbf assertions = C2paReader.byType(manifest, "c2as");
        for (Jumbf a : assertions == null ? List.<Jumbf>of() : assertions.superboxes()) {
            String label = C2paReader.baseLabel(a.label());
            Box cbor = a.content("cbor");
            if (label.equals("c2pa.hash.data") && cbor != null) {
                return dataHash(asset, Cbor.read(s, cbor.body(), cbor.end()), claimAlg, grown, failures, notes);
            }
            if (label.startsWith("c2pa.hash.bmff") || label.equals("c2pa.hash.boxes")
                    || label.startsWith("c2pa.hash.collection")) {
                notes.add(label + " hard binding is not checked offline by fakebank");
                return ManifestCheck.NOT_CHECKED;
            }
        }
        failures.add("claim.hardBindings.missing");
        return ManifestCheck.FAILED;
    }

    /** Checks one hashed URI ({@code url}, {@code hash}, optional {@code alg}); returns ok, failed or not_checked. */
    static String uri(byte[] s, Jumbf store, Jumbf m, JsonNode uri, String claimAlg,
                                   List<String> failures) {
        String url = C2paReader.text(uri.get("url"));
        byte[] expected = Cbor.bytes(uri.get("hash"));
        if (url == null || expected == null) {
            failures.add("assertion.hashedURI.malformed");
            return ManifestCheck.FAILED;
        }
        Jumbf target = resolve(store, m, url);
        if (target == null) {
            failures.add("assertion.missing");
            return ManifestCheck.FAILED;
        }
        String alg = C2paReader.text(uri.get("alg")) != null ? C2paReader.text(uri.get("alg")) : claimAlg;
        MessageDigest digest = Digests.of(alg);
        if (digest == null) {
            failures.add("algorithm.unsupported");
            return ManifestCheck.FAILED;
        }
        // A hashed URI covers the superbox's payload: the jumd description and content boxes, not its own header.
        digest.update(s, target.box().body(), target.box().end() - target.box().body());
        if (!MessageDigest.isEqual(digest.digest(), expected)) {
            failures.add(target.typeCode().equals("c2ma") ? "ingredient.manifest.mismatch"
                    : "assertion.hashedURI.mismatch");
            return ManifestCheck.FAILED;
        }
        return ManifestCheck.OK;
    }

    /** {@code self#jumbf=} paths: relative to the manifest ({@code c2pa.assertions/x}) or absolute ({@code /c2pa/m/...}). */
    private static Jumbf resolve(Jumbf store, Jumbf m, String url) {
        int eq = url.indexOf("jumbf=");
        if (eq < 0) {
            return null;
        }
        String path = url.substring(eq + 6);
        List<String> parts = new ArrayList<>(Arrays.asList(path.split("/")));
        parts.removeIf(String::isEmpty);
        Jumbf at = m;
        if (!parts.isEmpty() && parts.getFirst().equals("c2pa")) {
            parts.removeFirst();
            at = store;
        }
        for (String part : parts) {
            at = at == null ? null : at.child(part);
        }
        return at;
    }

    /**
     * Hashes the asset minus the exclusions. {@code grown} is set for an update manifest: the store has grown since
     * the binding was signed, so an exclusion that starts where the store starts is stretched to the store's current
     * extent (still only the store's own bytes, which its signatures cover).
     */
    private static String dataHash(byte[] asset, JsonNode hash, String claimAlg, ManifestLocator.Found grown,
                                   List<String> failures, List<String> notes) {
        String alg = C2paReader.text(hash.get("alg")) != null ? C2paReader.text(hash.get("alg")) : claimAlg;
        MessageDigest digest = Digests.of(alg);
        byte[] expected = Cbor.bytes(hash.get("hash"));
        if (digest == null) {
            failures.add("algorithm.unsupported");
            return ManifestCheck.FAILED;
        }
        if (expected == null) {
            failures.add("assertion.dataHash.malformed");
            return ManifestCheck.FAILED;
        }
        List<long[]> ranges = new ArrayList<>();
        for (JsonNode ex : hash.path("exclusions")) {
            long start = ex.path("start").asLong(-1);
            long length = ex.path("length").asLong(-1);
            if (grown != null && grown.start() >= 0 && start == grown.start() && length < grown.length()) {
                notes.add("exclusion at byte " + start + " stretched from " + length + " to " + grown.length()
                        + " bytes: the manifest store grew with the update manifest");
                length = grown.length();
            }
            ranges.add(new long[] {start, length});
        }
        ranges.sort((x, y) -> Long.compare(x[0], y[0]));
        long at = 0;
        for (long[] r : ranges) {
            if (r[0] < at || r[1] < 0 || r[0] + r[1] > asset.length) {
                failures.add("assertion.dataHash.mismatch");
                return ManifestCheck.FAILED;
            }
            digest.update(asset, (int) at, (int) (r[0] - at));
            at = r[0] + r[1];
        }
        digest.update(asset, (int) at, (int) (asset.length - at));
        if (!MessageDigest.isEqual(digest.digest(), expected)) {
            failures.add("assertion.dataHash.mismatch");
            return ManifestCheck.FAILED;
        }
        return ManifestCheck.OK;
    }
}
