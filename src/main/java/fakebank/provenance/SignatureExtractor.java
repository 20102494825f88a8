package fakebank.provenance;

import boofcv.abst.feature.detdesc.DetectDescribePoint;
import boofcv.abst.feature.detect.interest.ConfigFastHessian;
import boofcv.factory.feature.detdesc.FactoryDetectDescribe;
import boofcv.struct.feature.TupleDesc_F64;
import boofcv.struct.image.GrayF32;
import fakebank.image.Filter;
import fakebank.image.Resampler;
import fakebank.image.RgbImage;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Computes {@link Signature}s: PDQ on the full decoded image, SURF keypoints (BoofCV) on a grey copy scaled to
 * {@link #WORK_SIZE} pixels on its long side, the strongest {@code maxFeatures} kept. The library only sees
 * decoded pixels. Thread-safe: BoofCV's detectors are not, so each thread has its own.
 */
public final class SignatureExtractor {
    /** Long side of the working image: enough detail for crops of 60%, cheap enough for a request path. */
    public static final int WORK_SIZE = 320;
    /**
     * Keypoints stored per bank entry (about 70 bytes each): 256, so that a zoom on a fifth of the picture still
     * shows a dozen of them (with 128 such copies were found 9% of the time, with 256 70%).
     */
    public static final int MAX_FEATURES = 256;
    /** Keypoints computed for a query: more than a bank entry keeps, so a crop still finds its share. */
    public static final int QUERY_FEATURES = 400;
    /** Working images smaller than this on a side get no keypoints (SURF's smallest filter is 9 pixels). */
    static final int MIN_SIDE = 24;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SignatureExtractor.class);
    /** Descriptor values are unit-vector components, almost all within +-0.5: scaled into a signed byte. */
    static final double QUANT = 254.0;

    private final ThreadLocal<DetectDescribePoint<GrayF32, TupleDesc_F64>> surf = ThreadLocal.withInitial(() -> {
        ConfigFastHessian c = new ConfigFastHessian();
        c.extract.threshold = 0f;
        c.extract.radius = 2;
        c.maxFeaturesAll = 2 * QUERY_FEATURES;
        c.numberOfOctaves = 4;
        return FactoryDetectDescribe.surfFast(c, null, null, GrayF32.class);
    });

    /** The signature of a bank entry. */
    public Signature forEntry(RgbImage image) {
        return extract(image, MAX_FEATURES);
    }

    /**
     * The keypoints of a query, or of its mirror image (then in the mirrored image's coordinates); without a PDQ
     * hash (the caller computes that once, first, because it is cheaper).
     */
    public Signature forQuery(RgbImage image, boolean mirrored) {
        Signature s = extract(image, QUERY_FEATURES);
        return mirrored ? s.mirror() : s;
    }

    private Signature extract(RgbImage image, int maxFeatures) {
        PdqHash pdq = maxFeatures == MAX_FEATURES ? PdqHasher.hash(image) : null;
        double f = Math.min(1.0, (double) WORK_SIZE / Math.max(image.width(), image.height()));
        int w = Math.max(1, (int) Math.round(image.width() * f));
        int h = Math.max(1, (int) Math.round(image.height() * f));
        PdqHash hash = pdq == null ? new PdqHash(new long[4], 0) : pdq;
        if (w < MIN_SIDE || h < MIN_SIDE) {
            // too small for keypoints at any scale: PDQ (if any) is all this image can match by
            return new Signature(w, h, hash, new float[0], new float[0], new float[0], new byte[0]);
        }
        RgbImage small = f < 1.0 ? Resampler.resize(image, w, h, Filter.BILINEAR) : image;
        GrayF32 grey = grey(small);
        DetectDescribePoint<GrayF32, TupleDesc_F64> d = surf.get();
        try {
            d.detect(grey);
        } catch (RuntimeException e) {
            // a library fault must not fail the request: the image just cannot be verified
            LOG.warn("keypoint detection failed on a {}x{} image: {}", w, h, e.toString());
            return new Signature(w, h, hash, new float[0], new float[0], new float[0], new byte[0]);
        }
        int n = d.getNumberOfFeatures();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // larger radius first: big blobs survive downscaling, blur and JPEG best; ties by position for determinism
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -d.getRadius(i))
                .thenComparingDouble(i -> d.getLocation(i).x).thenComparingDouble(i -> d.getLocation(i).y));
        int keep = Math.min(maxFeatures, n);
        float[] xs = new float[keep];
        float[] ys = new float[keep];
        float[] scales = new float[keep];
        byte[] desc = new byte[keep * Signature.DESC];
        for (int k = 0; k < keep; k++) {
            int i = order[k];
            xs[k] = (float) d.getLocation(i).x;
            ys[k] = (float) d.getLocation(i).y;
            scales[k] = (float) d.getRadius(i);
            double[] v = d.getDescription(i).data;
            for (int j = 0; j < Signature.DESC; j++) {
                desc[k * Signature.DESC + j] = (byte) Math.max(-127, Math.min(127, Math.round(v[j] * QUANT)));
            }
        }
        return new Signature(w, h, hash, xs, ys, scales, desc);
    }

    private static GrayF32 grey(RgbImage img) {
        GrayF32 g = new GrayF32(img.width(), img.height());
        int[] px = img.pixels();
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                g.data[y * g.stride + x] = RgbImage.luma(px[y * img.width() + x]);
            }
        }
        return g;
    }
}
