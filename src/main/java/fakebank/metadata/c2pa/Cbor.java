package fakebank.metadata.c2pa;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** CBOR through Jackson with tight limits (nesting, string length), plus the few CBOR heads COSE needs us to write. */
final class Cbor {
    private static final ObjectMapper MAPPER = new CBORMapper(CBORFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(32).maxStringLength(4 << 20).maxNumberLength(64).build())
            .build());

    private Cbor() {
    }

    static JsonNode read(byte[] data, int from, int to) {
        try {
            JsonNode node = MAPPER.readTree(data, from, to - from);
            if (node == null) {
                throw new Box.MalformedException("empty CBOR");
            }
            return node;
        } catch (IOException e) {
            throw new Box.MalformedException("bad CBOR: " + firstLine(e.getMessage()));
        }
    }

    static JsonNode read(byte[] data) {
        return read(data, 0, data.length);
    }

    /** Jackson hands CBOR byte strings over as binary nodes; anything else is not bytes. */
    static byte[] bytes(JsonNode node) {
        if (node == null || !node.isBinary()) {
            return null;
        }
        try {
            return node.binaryValue();
        } catch (IOException e) {
            return null;
        }
    }

    /** COSE Sig_structure for COSE_Sign1 (RFC 9052 §4.4): ["Signature1", protected, external_aad, payload]. */
    static byte[] sigStructure(byte[] protectedHeader, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        head(out, 4, 4);
        byte[] context = "Signature1".getBytes(StandardCharsets.US_ASCII);
        head(out, 3, context.length);
        out.writeBytes(context);
        head(out, 2, protectedHeader.length);
        out.writeBytes(protectedHeader);
        head(out, 2, 0);
        head(out, 2, payload.length);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static void head(ByteArrayOutputStream out, int major, long value) {
        int m = major << 5;
        if (value < 24) {
            out.write(m | (int) value);
        } else if (value < 0x100) {
            out.write(m | 24);
            out.write((int) value);
        } else if (value < 0x10000) {
            out.write(m | 25);
            out.write((int) (value >> 8));
            out.write((int) value);
        } else {
            out.write(m | 26);
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.write((int) (value >> shift));
            }
        }
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
