package fakebank.metadata.c2pa;

import java.util.List;

/**
 * One manifest of a C2PA store, as its claim and assertions describe it. {@code digitalSourceTypes} are IPTC terms
 * (the last path segment of the vocabulary URL, e.g. {@code trainedAlgorithmicMedia}); {@code signer} and
 * {@code issuer} are the subject and issuer of the embedded signing certificate, as claimed, not trusted.
 */
public record C2paManifest(
        String label,
        boolean active,
        String claimGenerator,
        String title,
        String format,
        List<String> actions,
        List<String> digitalSourceTypes,
        List<String> softwareAgents,
        List<String> ingredients,
        String signer,
        String issuer,
        String signatureAlgorithm,
        ManifestCheck validation) {
}
