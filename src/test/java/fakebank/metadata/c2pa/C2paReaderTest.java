package fakebank.metadata.c2pa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** C2PA stores built and signed in the test, embedded in JPEG, PNG and WebP, then read and checked offline. */
class C2paReaderTest {
    static C2paFixture fixture;
    static byte[] jpeg;

    @BeforeAll
    static void signer() throws Exception {
        fixture = C2paFixture.create();
        jpeg = TestImages.realJpeg();
    }

    @Test
    void signed_jpeg_validates_offline_but_stays_untrusted() {
        C2paReport r = C2paReader.read(fixture.jpeg(jpeg));
        assertNotNull(r);
        assertEquals("JPEG APP11", r.container());
        assertEquals(C2paReport.PASSED, r.validation(), () -> r.failures() + " " + r.notes());
        C2paManifest m = r.active();
        assertEquals("ok", m.validation().signature());
        assertEquals("ok", m.validation().assertionHashes());
        assertEquals("ok", m.validation().hardBinding());
        assertTrue(m.validation().trust().startsWith("untrusted"), m.validation().trust());
        assertEquals(List.of("trainedAlgorithmicMedia"), m.digitalSourceTypes());
        assertEquals(List.of("c2pa.created", "c2pa.resized"), m.actions());
        assertEquals("ES256", m.signatureAlgorithm());
        assertEquals("CN=fakebank test signer, O=fakebank tests", m.signer());
    }

    @Test
    void store_split_over_several_app11_segments_is_reassembled() {
        fixture.padding = 150_000;
        try {
            byte[] file = fixture.jpeg(jpeg);
            C2paReport r = C2paReader.read(file);
            assertEquals(C2paReport.PASSED, r.validation(), () -> r.failures() + " " + r.notes());
        } finally {
            fixture.padding = 0;
        }
    }

    @Test
    void png_cabx_chunk_and_webp_c2pa_chunk_are_read() {
        C2paReport png = C2paReader.read(fixture.png(TestImages.realPng()));
        assertEquals("PNG caBX", png.container());
        assertEquals(C2paReport.PASSED, png.validation(), () -> png.failures() + " " + png.notes());
        byte[] webp = riffWebp();
        C2paReport w = C2paReader.read(fixture.webp(webp));
        assertEquals("RIFF C2PA", w.container());
        assertEquals(C2paReport.PASSED, w.validation(), () -> w.failures() + " " + w.notes());
    }

    @Test
    void tiff_tag_bmff_uuid_box_and_jpeg_xl_jumb_box_are_located() {
        byte[] store = fixture.store(0, 0, new byte[32], "image/tiff");
        byte[] tiff = new byte[26 + store.length];
        byte[] head = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, (byte) 0xCD, 0x41, 0, 7};
        System.arraycopy(head, 0, tiff, 0, head.length);
        putInt(tiff, 14, store.length);
        putInt(tiff, 18, 26);
        System.arraycopy(store, 0, tiff, 26, store.length);

        byte[] ftyp = C2paFixture.box("ftyp", "heic".getBytes(StandardCharsets.US_ASCII), new byte[4]);
        byte[] uuid = {(byte) 0xD8, (byte) 0xFE, (byte) 0xC3, (byte) 0xD6, 0x1B, 0x0E, 0x48, 0x3C, (byte) 0x92,
                (byte) 0x97, 0x58, 0x28, (byte) 0x87, 0x7E, (byte) 0xC4, (byte) 0x81};
        byte[] heif = concat(ftyp, C2paFixture.box("uuid", uuid, new byte[4],
                "manifest\0".getBytes(StandardCharsets.US_ASCII), new byte[8], store));

        byte[] jxlSignature = {0, 0, 0, 0x0C, 'J', 'X', 'L', ' ', 0x0D, 0x0A, (byte) 0x87, 0x0A};
        byte[] jxl = concat(jxlSignature, C2paFixture.box("ftyp", "jxl ".getBytes(StandardCharsets.US_ASCII),
                new byte[4]), store);

        for (byte[] file : List.of(tiff, heif, jxl)) {
            C2paReport r = C2paReader.read(file);
            assertNotNull(r);
            assertEquals("ok", r.active().validation().signature(), r::toString);
            assertEquals("ok", r.active().validation().assertionHashes(), r::toString);
            assertEquals(List.of("trainedAlgorithmicMedia"), r.active().digitalSourceTypes());
        }
        assertEquals("TIFF tag 0xCD41", C2paReader.read(tiff).container());
        assertEquals("BMFF uuid box", C2paReader.read(heif).container());
        assertEquals("JPEG XL jumb box", C2paReader.read(jxl).container());
    }

    @Test
    void changed_pixels_fail_the_data_hash() {
        byte[] file = fixture.jpeg(jpeg);
        file[file.length - 10] ^= 0x01; // inside the entropy-coded data, outside the exclusion
        C2paReport r = C2paReader.read(file);
        assertEquals(C2paReport.FAILED, r.validation());
        assertEquals(List.of("assertion.dataHash.mismatch"), r.failures());
        assertEquals("ok", r.active().validation().signature());
    }

    @Test
    void changed_assertion_fails_its_hashed_uri() {
        byte[] file = fixture.jpeg(jpeg);
        int at = indexOf(file, "Test Generator 1.0".getBytes(StandardCharsets.US_ASCII));
        file[at] = 'B';
        C2paReport r = C2paReader.read(file);
        assertEquals(C2paReport.FAILED, r.validation());
        assertTrue(r.failures().contains("assertion.hashedURI.mismatch"), r.failures()::toString);
    }

    @Test
    void changed_claim_fails_the_signature() {
        byte[] file = fixture.jpeg(jpeg);
        int at = indexOf(file, "fakebank-test/1.0".getBytes(StandardCharsets.US_ASCII));
        file[at] = 'F';
        C2paReport r = C2paReader.read(file);
        assertEquals(C2paReport.FAILED, r.validation());
        assertTrue(r.failures().contains("claimSignature.mismatch"), r.failures()::toString);
        assertEquals("failed", r.active().validation().signature());
    }

    @Test
    void claim_without_hash_algorithm_fails() {
        fixture.alg = null;
        try {
            C2paReport r = C2paReader.read(fixture.jpeg(jpeg));
            assertEquals(C2paReport.FAILED, r.validation());
            assertTrue(r.failures().contains("algorithm.unsupported"), r.failures()::toString);
        } finally {
            fixture.alg = "sha256";
        }
    }

    @Test
    void corrupted_jumbf_box_is_reported_as_failed_not_thrown() {
        byte[] file = fixture.jpeg(jpeg);
        int at = indexOf(file, "jumd".getBytes(StandardCharsets.US_ASCII)) - 4; // the store's description box
        at = indexOf(file, "jumd".getBytes(StandardCharsets.US_ASCII), at + 8) - 4; // the manifest's
        file[at] = 0x7F; // declares ~2 GB
        C2paReport r = C2paReader.read(file);
        assertNotNull(r);
        assertEquals(C2paReport.FAILED, r.validation());
        assertEquals(List.of("manifest.malformed"), r.failures());
        assertTrue(r.notes().getFirst().contains("declares"), r.notes()::toString);
    }

    @Test
    void plain_images_have_no_store() {
        assertNull(C2paReader.read(jpeg));
        assertNull(C2paReader.read(TestImages.realPng()));
        assertNull(C2paReader.read(new byte[] {1, 2, 3}));
    }

    @Test
    void random_damage_never_throws() {
        byte[] good = fixture.jpeg(jpeg);
        byte[] png = fixture.png(TestImages.realPng());
        SplittableRandom random = new SplittableRandom(42);
        int failed = 0;
        for (int i = 0; i < 400; i++) {
            byte[] file = (i % 2 == 0 ? good : png).clone();
            int hits = 1 + random.nextInt(8);
            for (int h = 0; h < hits; h++) {
                // aim at the store: its first ~3 KB hold every header and the claim
                int at = Math.min(file.length - 1, 2 + random.nextInt(3000));
                file[at] = (byte) random.nextInt(256);
            }
            if (i % 5 == 0) {
                file = java.util.Arrays.copyOf(file, 20 + random.nextInt(file.length - 20));
            }
            C2paReport r = C2paReader.read(file);
            if (r != null && C2paReport.FAILED.equals(r.validation())) {
                failed++;
            }
        }
        assertTrue(failed > 300, "most damaged stores must fail validation; failed " + failed + " of 400");
    }

    private static byte[] riffWebp() {
        byte[] vp8l = {'V', 'P', '8', 'L', 5, 0, 0, 0, 0x2F, 0, 0, 0, 0, 0};
        byte[] out = new byte[12 + vp8l.length];
        System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, out, 0, 4);
        int size = out.length - 8;
        out[4] = (byte) size;
        System.arraycopy("WEBP".getBytes(StandardCharsets.US_ASCII), 0, out, 8, 4);
        System.arraycopy(vp8l, 0, out, 12, vp8l.length);
        return out;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static int indexOf(byte[] hay, byte[] needle) {
        return indexOf(hay, needle, 0);
    }

    static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
