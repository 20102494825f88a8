package fakebank.metadata.c2pa;

import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import fakebank.testing.TestPaths;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Builds signed C2PA manifest stores the way the specification describes them, for tests that must not depend on
 * ../shared: a JUMBF store (assertions, claim, COSE_Sign1 claim signature with an ES256 self-signed certificate
 * committed under src/test/resources) embedded in a JPEG (APP11, split into segments when large), a PNG ({@code caBX}) or a
 * WebP ({@code C2PA} chunk), with a {@code c2pa.hash.data} hard binding over the final file.
 */
public final class C2paFixture {
    private static final CBORMapper CBOR = new CBORMapper();
    private static final byte[] C2PA_UUID_TAIL = {0x00, 0x11, 0x00, 0x10, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00,
            0x38, (byte) 0x9B, 0x71};

    final PrivateKey key;
    final X509Certificate cert;
    /** Digital source type of the c2pa.created action; null for none. */
    String digitalSourceType = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";
    String softwareAgent = "Test Generator 1.0";
    /** The claim's hash algorithm; null writes a claim without one (and hashed URIs without one). */
    String alg = "sha256";
    /** Bytes of an extra assertion, to make the store span several JPEG segments. */
    int padding = 0;

    private C2paFixture(PrivateKey key, X509Certificate cert) {
        this.key = key;
        this.cert = cert;
    }

    /**
     * A fixture signing with the committed test key: an EC P-256 key and a self-signed certificate valid for 100
     * years, made once with {@code keytool -genkeypair -keyalg EC -groupname secp256r1 -validity 36500
     * -dname "CN=fakebank test signer, O=fakebank tests" -storetype PKCS12 -storepass changeit}. Each call returns
     * a new fixture, so tests may change its settings.
     */
    public static C2paFixture create() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(TestPaths.projectDir().resolve("src/test/resources/c2pa-test-signer.p12"))) {
            ks.load(in, "changeit".toCharArray());
        }
        return new C2paFixture((PrivateKey) ks.getKey("signer", "changeit".toCharArray()),
                (X509Certificate) ks.getCertificate("signer"));
    }

    public byte[] jpeg(byte[] jpeg) {
        return embed(jpeg, 2, store -> jpegSegments(store), "image/jpeg", null);
    }

    public byte[] png(byte[] png) {
        int afterIhdr = 8 + 12 + (int) u32(png, 8);
        return embed(png, afterIhdr, C2paFixture::pngChunk, "image/png", null);
    }

    public byte[] webp(byte[] webp) {
        return embed(webp, 12, C2paFixture::riffChunk, "image/webp", true);
    }

    private interface Wrap {
        byte[] wrap(byte[] store);
    }

    /** Inserts the wrapped store at {@code at}; iterates until the exclusion length is stable, then hashes. */
    private byte[] embed(byte[] asset, int at, Wrap wrap, String format, Boolean riff) {
        int length = 0;
        byte[] hash = new byte[32];
        byte[] embedded = null;
        for (int i = 0; i < 5; i++) {
            byte[] piece = wrap.wrap(store(at, length, hash, format));
            if (piece.length == length) {
                embedded = piece;
                break;
            }
            length = piece.length;
        }
        if (embedded == null) {
            throw new IllegalStateException("store length did not settle");
        }
        byte[] file = insert(asset, at, embedded, riff != null);
        MessageDigest sha = sha256();
        sha.update(file, 0, at);
        sha.update(file, at + length, file.length - at - length);
        byte[] finalPiece = wrap.wrap(store(at, length, sha.digest(), format));
        return insert(asset, at, finalPiece, riff != null);
    }

    private static byte[] insert(byte[] asset, int at, byte[] piece, boolean fixRiffSize) {
        byte[] out = new byte[asset.length + piece.length];
        System.arraycopy(asset, 0, out, 0, at);
        System.arraycopy(piece, 0, out, at, piece.length);
        System.arraycopy(asset, at, out, at + piece.length, asset.length - at);
        if (fixRiffSize) {
            int size = out.length - 8;
            out[4] = (byte) size;
            out[5] = (byte) (size >> 8);
            out[6] = (byte) (size >> 16);
            out[7] = (byte) (size >> 24);
        }
        return out;
    }

    /** The JUMBF manifest store: one manifest with actions, (padding), data hash, claim and signature. */
    byte[] store(int exclusionStart, int exclusionLength, byte[] dataHash, String format) {
        List<Map<String, Object>> actions = new ArrayList<>();
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("action", "c2pa.created");
        created.put("softwareAgent", softwareAgent);
        if (digitalSourceType != null) {
            created.put("digitalSourceType", digitalSourceType);
        }
        actions.add(created);
        actions.add(Map.of("action", "c2pa.resized"));
        List<byte[]> assertions = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        labels.add("c2pa.actions");
        assertions.add(cborAssertion("c2pa.actions", Map.of("actions", actions)));
        if (padding > 0) {
            labels.add("org.fakebank.padding");
            assertions.add(cborAssertion("org.fakebank.padding", Map.of("data", new byte[padding])));
        }
        Map<String, Object> hash = new LinkedHashMap<>();
        hash.put("exclusions", List.of(Map.of("start", exclusionStart, "length", exclusionLength)));
        hash.put("name", "jumbf manifest");
        hash.put("alg", "sha256");
        hash.put("hash", dataHash);
        labels.add("c2pa.hash.data");
        assertions.add(cborAssertion("c2pa.hash.data", hash));

        List<Map<String, Object>> uris = new ArrayList<>();
        for (int i = 0; i < assertions.size(); i++) {
            Map<String, Object> uri = new LinkedHashMap<>();
            uri.put("url", "self#jumbf=c2pa.assertions/" + labels.get(i));
            byte[] a = assertions.get(i);
            MessageDigest sha = sha256();
            sha.update(a, 8, a.length - 8); // the superbox's payload: description and content boxes
            uri.put("hash", sha.digest());
            uris.add(uri);
        }
        Map<String, Object> claim = new LinkedHashMap<>();
        claim.put("claim_generator", "fakebank-test/1.0");
        claim.put("dc:format", format);
        claim.put("instanceID", "xmp:iid:00000000-0000-0000-0000-000000000001");
        claim.put("signature", "self#jumbf=c2pa.signature");
        claim.put("assertions", uris);
        if (alg != null) {
            claim.put("alg", alg);
        }
        byte[] claimBytes = cbor(claim);
        byte[] signature = coseSign1(claimBytes);
        String manifestLabel = "urn:uuid:fakebank-test-manifest";
        byte[] assertionStore = superbox("c2as", "c2pa.assertions", assertions.toArray(byte[][]::new));
        byte[] manifest = superbox("c2ma", manifestLabel, assertionStore,
                superbox("c2cl", "c2pa.claim", box("cbor", claimBytes)),
                superbox("c2cs", "c2pa.signature", box("cbor", signature)));
        return superbox("c2pa", "c2pa", manifest);
    }

    private byte[] coseSign1(byte[] payload) {
        try {
            byte[] der = cert.getEncoded();
            ByteArrayOutputStream prot = new ByteArrayOutputStream();
            prot.write(0xA2);
            prot.write(0x01);
            prot.write(0x26); // alg: -7 (ES256)
            prot.write(0x18);
            prot.write(0x21); // 33: x5chain
            head(prot, 2, der.length);
            prot.writeBytes(der);
            byte[] protectedBytes = prot.toByteArray();
            ByteArrayOutputStream tbs = new ByteArrayOutputStream();
            head(tbs, 4, 4);
            byte[] ctx = "Signature1".getBytes(StandardCharsets.US_ASCII);
            head(tbs, 3, ctx.length);
            tbs.writeBytes(ctx);
            head(tbs, 2, protectedBytes.length);
            tbs.writeBytes(protectedBytes);
            head(tbs, 2, 0);
            head(tbs, 2, payload.length);
            tbs.writeBytes(payload);
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initSign(key);
            s.update(tbs.toByteArray());
            byte[] sig = s.sign();
            ByteArrayOutputStream cose = new ByteArrayOutputStream();
            cose.write(0xD2); // tag 18: COSE_Sign1
            head(cose, 4, 4);
            head(cose, 2, protectedBytes.length);
            cose.writeBytes(protectedBytes);
            cose.write(0xA0); // empty unprotected header
            cose.write(0xF6); // detached payload
            head(cose, 2, sig.length);
            cose.writeBytes(sig);
            return cose.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] cborAssertion(String label, Object value) {
        return superbox("cbor", label, box("cbor", cbor(value)));
    }

    static byte[] superbox(String code, String label, byte[]... children) {
        ByteArrayOutputStream jumd = new ByteArrayOutputStream();
        jumd.writeBytes(code.getBytes(StandardCharsets.US_ASCII));
        jumd.writeBytes(C2PA_UUID_TAIL);
        jumd.write(0x03); // requestable, label present
        jumd.writeBytes(label.getBytes(StandardCharsets.UTF_8));
        jumd.write(0);
        byte[][] all = new byte[children.length + 1][];
        all[0] = box("jumd", jumd.toByteArray());
        System.arraycopy(children, 0, all, 1, children.length);
        return box("jumb", all);
    }

    static byte[] box(String type, byte[]... parts) {
        int n = 8 + Arrays.stream(parts).mapToInt(p -> p.length).sum();
        ByteArrayOutputStream out = new ByteArrayOutputStream(n);
        out.writeBytes(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        out.writeBytes(type.getBytes(StandardCharsets.US_ASCII));
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** APP11 segments: CI "JP", En 0x0211, Z = 1..n; continuations repeat the box's LBox/TBox. */
    static byte[] jpegSegments(byte[] store) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int max = 60_000;
        int z = 1;
        for (int at = 0; at < store.length; at += max, z++) {
            int n = Math.min(max, store.length - at);
            int header = z == 1 ? 0 : 8;
            int len = 2 + 8 + header + n;
            out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xEB, (byte) (len >> 8), (byte) len, 'J', 'P', 0x02, 0x11,
                    (byte) (z >>> 24), (byte) (z >>> 16), (byte) (z >>> 8), (byte) z});
            if (z > 1) {
                out.write(store, 0, 8);
            }
            out.write(store, at, n);
        }
        return out.toByteArray();
    }

    static byte[] pngChunk(byte[] store) {
        return pngChunk("caBX", store);
    }

    public static byte[] pngChunk(String type, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = data.length;
        out.writeBytes(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        long c = crc.getValue();
        out.writeBytes(new byte[] {(byte) (c >>> 24), (byte) (c >>> 16), (byte) (c >>> 8), (byte) c});
        return out.toByteArray();
    }

    static byte[] riffChunk(byte[] store) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = store.length;
        out.writeBytes("C2PA".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {(byte) n, (byte) (n >> 8), (byte) (n >> 16), (byte) (n >> 24)});
        out.writeBytes(store);
        if ((n & 1) == 1) {
            out.write(0);
        }
        return out.toByteArray();
    }

    static void head(ByteArrayOutputStream out, int major, int value) {
        int m = major << 5;
        if (value < 24) {
            out.write(m | value);
        } else if (value < 0x100) {
            out.write(m | 24);
            out.write(value);
        } else if (value < 0x10000) {
            out.write(m | 25);
            out.write(value >> 8);
            out.write(value);
        } else {
            out.write(m | 26);
            out.writeBytes(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
        }
    }

    private static byte[] cbor(Object value) {
        try {
            return CBOR.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static long u32(byte[] b, int at) {
        return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFFL) << 16) | ((b[at + 2] & 0xFFL) << 8) | (b[at + 3] & 0xFFL);
    }
}
