package fakebank.bench.search;

import java.util.Arrays;
import java.util.Locale;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

/** The HNSW vector formats the bench can build: float32, or one of Lucene's scalar quantizations (rescored). */
enum VectorFormat {
    FLOAT32(null),
    INT8(ScalarEncoding.UNSIGNED_BYTE),
    INT7(ScalarEncoding.SEVEN_BIT),
    INT4(ScalarEncoding.PACKED_NIBBLE),
    /** 1 bit per dimension in the index, the query at 4 bits (Lucene's asymmetric encoding). */
    INT1(ScalarEncoding.SINGLE_BIT_QUERY_NIBBLE);

    /** Null for float32. */
    final ScalarEncoding encoding;

    VectorFormat(ScalarEncoding encoding) {
        this.encoding = encoding;
    }

    /** Quantized graphs score approximately, so their candidates are re-ranked with the raw floats. */
    boolean rescored() {
        return encoding != null;
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static VectorFormat parse(String s) {
        for (VectorFormat f : values()) {
            if (f.label().equals(s)) {
                return f;
            }
        }
        throw new IllegalArgumentException("format must be one of "
                + Arrays.stream(values()).map(VectorFormat::label).toList() + ", not " + s);
    }
}
