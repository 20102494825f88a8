package fakebank.metadata.c2pa;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The claim signature: a COSE_Sign1 (RFC 9052) with a detached payload (the claim's CBOR bytes) and the signer's
 * certificate chain in the {@code x5chain} header (label 33). Verifying it needs only the JDK: the algorithms C2PA
 * allows are ES256/384/512, PS256/384/512 and Ed25519.
 */
final class CoseSign1 {
    /** What the signature says about itself and whether its bytes verify; {@code error} is a C2PA status code. */
    record Result(boolean verified, String algorithm, List<X509Certificate> chain, boolean timestamped, String error,
                  String detail) {
    }

    private CoseSign1() {
    }

    static Result verify(byte[] signatureBox, byte[] claim) {
        JsonNode cose = Cbor.read(signatureBox);
        if (!cose.isArray() || cose.size() != 4) {
            return failed(null, List.of(), false, "claimSignature.missing", "not a COSE_Sign1 array");
        }
        byte[] protectedBytes = Cbor.bytes(cose.get(0));
        if (protectedBytes == null) {
            return failed(null, List.of(), false, "claimSignature.missing", "no protected header");
        }
        JsonNode prot = protectedBytes.length == 0 ? Cbor.read(new byte[] {(byte) 0xA0}) : Cbor.read(protectedBytes);
        JsonNode unprot = cose.get(1);
        boolean timestamped = has(unprot, "sigTst") || has(unprot, "sigTst2") || has(prot, "sigTst")
                || has(prot, "sigTst2");
        String alg = algorithm(prot.path("1").asInt(0));
        List<X509Certificate> chain;
        try {
            chain = certificates(first(prot, unprot, "33", "x5chain"));
        } catch (GeneralSecurityException | RuntimeException e) {
            return failed(alg, List.of(), timestamped, "signingCredential.invalid", "bad certificate: " + e.getMessage());
        }
        if (chain.isEmpty()) {
            return failed(alg, chain, timestamped, "signingCredential.invalid", "no x5chain certificate");
        }
        if (alg == null) {
            return failed(null, chain, timestamped, "algorithm.unsupported",
                    "COSE algorithm " + prot.path("1").asText("(none)") + " is not one C2PA allows");
        }
        byte[] payload = cose.get(2).isNull() ? claim : Cbor.bytes(cose.get(2));
        byte[] sig = Cbor.bytes(cose.get(3));
        if (payload == null || sig == null) {
            return failed(alg, chain, timestamped, "claimSignature.missing", "no payload or signature bytes");
        }
        try {
            Signature verifier = verifier(alg);
            verifier.initVerify(chain.getFirst().getPublicKey());
            verifier.update(Cbor.sigStructure(protectedBytes, payload));
            boolean ok = verifier.verify(sig);
            return new Result(ok, alg, chain, timestamped, ok ? null : "claimSignature.mismatch",
                    ok ? "signature verifies with the embedded certificate" : "signature does not match the claim");
        } catch (GeneralSecurityException | RuntimeException e) {
            return failed(alg, chain, timestamped, "claimSignature.mismatch", "cannot verify: " + e.getMessage());
        }
    }

    /** Whether each certificate is signed by the next one: offline we can check the chain is whole, not trust it. */
    static boolean chainConsistent(List<X509Certificate> chain) {
        for (int i = 0; i + 1 < chain.size(); i++) {
            try {
                PublicKey issuer = chain.get(i + 1).getPublicKey();
                chain.get(i).verify(issuer);
            } catch (GeneralSecurityException | RuntimeException e) {
                return false;
            }
        }
        return true;
    }

    private static Result failed(String alg, List<X509Certificate> chain, boolean ts, String code, String detail) {
        return new Result(false, alg, chain, ts, code, detail);
    }

    private static boolean has(JsonNode map, String key) {
        return map != null && map.isObject() && map.has(key);
    }

    private static JsonNode first(JsonNode prot, JsonNode unprot, String... keys) {
        for (JsonNode map : new JsonNode[] {prot, unprot}) {
            for (String k : keys) {
                if (has(map, k)) {
                    return map.get(k);
                }
            }
        }
        return null;
    }

    private static List<X509Certificate> certificates(JsonNode x5chain) throws GeneralSecurityException {
        List<X509Certificate> out = new ArrayList<>();
        if (x5chain == null) {
            return out;
        }
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<JsonNode> items = new ArrayList<>();
        if (x5chain.isArray()) {
            x5chain.forEach(items::add);
        } else {
            items.add(x5chain);
        }
        for (JsonNode item : items.subList(0, Math.min(items.size(), 10))) {
            byte[] der = Cbor.bytes(item);
            if (der != null) {
                out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
        }
        return out;
    }

    private static String algorithm(int coseAlg) {
        return switch (coseAlg) {
            case -7 -> "ES256";
            case -35 -> "ES384";
            case -36 -> "ES512";
            case -37 -> "PS256";
            case -38 -> "PS384";
            case -39 -> "PS512";
            case -8 -> "Ed25519";
            default -> null;
        };
    }

    private static Signature verifier(String alg) throws GeneralSecurityException {
        return switch (alg) {
            case "ES256" -> Signature.getInstance("SHA256withECDSAinP1363Format");
            case "ES384" -> Signature.getInstance("SHA384withECDSAinP1363Format");
            case "ES512" -> Signature.getInstance("SHA512withECDSAinP1363Format");
            case "PS256" -> pss("SHA-256", MGF1ParameterSpec.SHA256, 32);
            case "PS384" -> pss("SHA-384", MGF1ParameterSpec.SHA384, 48);
            case "PS512" -> pss("SHA-512", MGF1ParameterSpec.SHA512, 64);
            case "Ed25519" -> Signature.getInstance("Ed25519");
            default -> throw new GeneralSecurityException("unsupported algorithm " + alg);
        };
    }

    private static Signature pss(String digest, MGF1ParameterSpec mgf, int saltLength) throws GeneralSecurityException {
        Signature s = Signature.getInstance("RSASSA-PSS");
        s.setParameter(new PSSParameterSpec(digest, "MGF1", mgf, saltLength, 1));
        return s;
    }
}
