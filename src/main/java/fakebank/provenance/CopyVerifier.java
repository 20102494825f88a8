package fakebank.provenance;

import boofcv.alg.geo.robust.DistanceAffine2D;
import boofcv.alg.geo.robust.GenerateAffine2D;
import boofcv.struct.geo.AssociatedPair;
import georegression.fitting.affine.ModelManagerAffine2D_F64;
import georegression.struct.affine.Affine2D_F64;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.lucene.util.VectorUtil;
import org.ddogleg.fitting.modelset.ransac.Ransac;

/**
 * Geometric verification: pairs the keypoints of a query and a bank entry by descriptor (nearest neighbour with
 * Lowe's ratio test), fits an affine transform with RANSAC (BoofCV/DDogleg), and accepts the pair as a copy when
 * enough pairs agree on a plausible transform (bounded scale and shear) spread over a real part of the image.
 * Unrelated images rarely give more than a handful of consistent pairs; crops, captions, frames, rotations,
 * mirrors (via the mirrored query's keypoints) and re-encodings keep dozens.
 */
public final class CopyVerifier {
    private static final double RATIO = 0.8;
    /** RANSAC inlier distance in working-image pixels (320 on the long side). */
    private static final double FIT_PIXELS = 4.0;
    private static final int ITERATIONS = 400;
    private static final double MAX_SCALE = 6.0;
    private static final double MAX_ANISOTROPY = 1.6;
    /** Inlier keypoints must cover at least this share of the bank image's area (their bounding box). */
    private static final double MIN_SPREAD = 0.02;

    /** Share of the bank keypoints inside the query that must be inliers, unless {@link #MIN_TIGHT} hold. */
    static final double MIN_REPEAT = 0.21;
    /** Pairs within {@link #TIGHT_PIXELS} of the fit that accept a copy whatever the share. */
    static final int MIN_TIGHT = 15;
    private static final double TIGHT_PIXELS = 1.5;
    /**
     * Tight pairs are counted among the bank's largest {@value} keypoints only (stored largest first): {@link
     * #MIN_TIGHT} was calibrated on that many, and counting the smaller ones too, which an entry stores for
     * zoomed-in crops, let photographs of one object pass (more pairs, so more within 1.5 px by chance: 10 of 350
     * ordered pairs of DreamBooth photos instead of 3). The share {@link #MIN_REPEAT} is a ratio and takes all.
     */
    static final int TIGHT_KEYPOINTS = 128;

    private final int minInliers;

    public CopyVerifier(int minInliers) {
        if (minInliers < 4) {
            throw new IllegalArgumentException("minInliers must be at least 4, got " + minInliers);
        }
        this.minInliers = minInliers;
    }

    public int minInliers() {
        return minInliers;
    }

    /**
     * Whether {@code query} (keypoints of the query or, with {@code mirrored}, of its mirror image) shows
     * {@code bank}. Empty when it does not.
     */
    public Optional<CopyEvidence> verify(Signature query, boolean mirrored, Signature bank) {
        List<Integer> bankIndex = new ArrayList<>();
        List<AssociatedPair> pairs = associate(query, mirrored, bank, bankIndex);
        if (pairs.size() < minInliers) {
            return Optional.empty();
        }
        Ransac<Affine2D_F64, AssociatedPair> ransac = new Ransac<>(0x5eed, ITERATIONS, FIT_PIXELS,
                new ModelManagerAffine2D_F64(), AssociatedPair.class);
        ransac.setModel(GenerateAffine2D::new, DistanceAffine2D::new);
        if (!ransac.process(pairs) || ransac.getMatchSet().size() < minInliers) {
            return Optional.empty();
        }
        List<AssociatedPair> inliers = new ArrayList<>(ransac.getMatchSet());
        Affine2D_F64 a = ransac.getModelParameters().copy();
        GenerateAffine2D refit = new GenerateAffine2D();
        Affine2D_F64 refined = new Affine2D_F64();
        if (refit.fitModel(inliers, a, refined)) {
            a = refined;
        }
        if (!reproduced(a, inliers.size(), pairs, bankIndex, query, bank)) {
            return Optional.empty();
        }
        return evidence(a, inliers, pairs.size(), query, bank, mirrored);
    }

    /**
     * Whether the fit looks like the same pixels rather than the same scene photographed again: a copy re-detects
     * a good share of the bank image's keypoints that fall inside the query ({@link #MIN_REPEAT}) or aligns many
     * of them almost exactly ({@link #MIN_TIGHT} within {@link #TIGHT_PIXELS}). Another photograph of the same
     * object from a nearby viewpoint also fits one affine transform, but parallax and lighting leave it a small
     * share of repeated keypoints, aligned only loosely. Visible means inside the query with the whole keypoint
     * region: with every keypoint centre counted, a 45% zoom-in re-detected too small a share (against their
     * originals, 366 of 525 verified, 444 with whole regions; DreamBooth photos of one object: 3 of 350 either way).
     */
    private static boolean reproduced(Affine2D_F64 a, int inliers, List<AssociatedPair> pairs,
            List<Integer> bankIndex, Signature q, Signature b) {
        int tight = 0;
        for (int k = 0; k < pairs.size(); k++) {
            if (bankIndex.get(k) >= TIGHT_KEYPOINTS) {
                continue;
            }
            AssociatedPair p = pairs.get(k);
            double dx = a.a11 * p.p1.x + a.a12 * p.p1.y + a.tx - p.p2.x;
            double dy = a.a21 * p.p1.x + a.a22 * p.p1.y + a.ty - p.p2.y;
            if (dx * dx + dy * dy <= TIGHT_PIXELS * TIGHT_PIXELS) {
                tight++;
            }
        }
        if (tight >= MIN_TIGHT) {
            return true;
        }
        Affine2D_F64 m = a.invert(null);
        double bankPerQuery = Math.sqrt(Math.abs(a.a11 * a.a22 - a.a12 * a.a21));
        int visible = 0;
        for (int i = 0; i < b.size(); i++) {
            double x = m.a11 * b.xs()[i] + m.a12 * b.ys()[i] + m.tx;
            double y = m.a21 * b.xs()[i] + m.a22 * b.ys()[i] + m.ty;
            // a keypoint whose region the query's border cuts cannot be detected again, so it does not count as
            // visible: near a zoom-in's edges (regions twice as large there) most are cut
            double r = b.scales()[i] / bankPerQuery;
            if (x >= r && y >= r && x < q.width() - r && y < q.height() - r) {
                visible++;
            }
        }
        return visible > 0 && inliers >= MIN_REPEAT * visible;
    }

    /**
     * Query keypoint -> bank keypoint pairs, p1 in query pixels (unmirrored), p2 in bank pixels; each pair's bank
     * keypoint index goes to {@code bankIndex}. Distances go
     * through Lucene's {@link VectorUtil#squareDistance(byte[], byte[])}, which uses SIMD instructions when the
     * vector module is on: this all-pairs scan is most of a verification's cost.
     */
    private static List<AssociatedPair> associate(Signature q, boolean mirrored, Signature b,
            List<Integer> bankIndex) {
        List<AssociatedPair> pairs = new ArrayList<>();
        byte[][] qd = rows(q.descriptors(), q.size());
        byte[][] bd = rows(b.descriptors(), b.size());
        for (int i = 0; i < bd.length; i++) {
            int best = -1;
            long d1 = Long.MAX_VALUE;
            long d2 = Long.MAX_VALUE;
            for (int j = 0; j < qd.length; j++) {
                long d = VectorUtil.squareDistance(bd[i], qd[j]);
                if (d < d1) {
                    d2 = d1;
                    d1 = d;
                    best = j;
                } else if (d < d2) {
                    d2 = d;
                }
            }
            if (best >= 0 && d1 < RATIO * RATIO * d2) {
                double qx = mirrored ? q.width() - 1 - q.xs()[best] : q.xs()[best];
                pairs.add(new AssociatedPair(qx, q.ys()[best], b.xs()[i], b.ys()[i]));
                bankIndex.add(i);
            }
        }
        return pairs;
    }

    private static byte[][] rows(byte[] descriptors, int n) {
        byte[][] out = new byte[n][];
        for (int i = 0; i < n; i++) {
            out[i] = java.util.Arrays.copyOfRange(descriptors, i * Signature.DESC, (i + 1) * Signature.DESC);
        }
        return out;
    }

    private Optional<CopyEvidence> evidence(Affine2D_F64 a, List<AssociatedPair> inliers, int matches,
            Signature q, Signature b, boolean mirrored) {
        // a maps query -> bank; m = a^-1 maps bank -> query
        double det = a.a11 * a.a22 - a.a12 * a.a21;
        if (Math.abs(det) < 1e-9 || (det < 0) != mirrored) {
            return Optional.empty();
        }
        double[] sv = singularValues(a.a11, a.a12, a.a21, a.a22);
        double bankPerQuery = Math.sqrt(Math.abs(det));
        if (sv[0] / sv[1] > MAX_ANISOTROPY || bankPerQuery > MAX_SCALE || bankPerQuery < 1 / MAX_SCALE) {
            return Optional.empty();
        }
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (AssociatedPair p : inliers) {
            minX = Math.min(minX, p.p2.x);
            maxX = Math.max(maxX, p.p2.x);
            minY = Math.min(minY, p.p2.y);
            maxY = Math.max(maxY, p.p2.y);
        }
        if ((maxX - minX) * (maxY - minY) < MIN_SPREAD * b.width() * b.height()) {
            return Optional.empty();
        }
        List<Double> region = box(corners(q.width(), q.height()), a, b.width(), b.height());
        Affine2D_F64 m = a.invert(null);
        List<Double> queryRegion = box(corners(b.width(), b.height()), m, q.width(), q.height());
        // rotation of the bank->query map with the mirror (if any) taken out first
        double m11 = mirrored ? -m.a11 : m.a11;
        double m21 = mirrored ? -m.a21 : m.a21;
        double rotation = Math.toDegrees(Math.atan2(m21, m11));
        double scale = 1 / bankPerQuery;
        double confidence = 1 - Math.exp(-inliers.size() / 15.0);
        return Optional.of(new CopyEvidence(inliers.size(), matches, round(confidence, 3), region, queryRegion,
                mirrored, round(rotation, 1), round(scale, 3)));
    }

    private static double[][] corners(int w, int h) {
        return new double[][] {{0, 0}, {w, 0}, {w, h}, {0, h}};
    }

    /** The bounding box of points mapped by t, as fractions of a w x h image, clipped to it. */
    private static List<Double> box(double[][] pts, Affine2D_F64 t, int w, int h) {
        double x0 = Double.MAX_VALUE;
        double y0 = Double.MAX_VALUE;
        double x1 = -Double.MAX_VALUE;
        double y1 = -Double.MAX_VALUE;
        for (double[] p : pts) {
            double x = t.a11 * p[0] + t.a12 * p[1] + t.tx;
            double y = t.a21 * p[0] + t.a22 * p[1] + t.ty;
            x0 = Math.min(x0, x);
            x1 = Math.max(x1, x);
            y0 = Math.min(y0, y);
            y1 = Math.max(y1, y);
        }
        return List.of(clip(x0 / w), clip(y0 / h), clip(x1 / w), clip(y1 / h));
    }

    private static double clip(double v) {
        return round(Math.max(0, Math.min(1, v)), 3);
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    /** Singular values (largest first) of a 2x2 matrix. */
    private static double[] singularValues(double a, double b, double c, double d) {
        double s1 = a * a + b * b + c * c + d * d;
        double s2 = Math.sqrt(Math.pow(a * a + b * b - c * c - d * d, 2) + 4 * Math.pow(a * c + b * d, 2));
        return new double[] {Math.sqrt((s1 + s2) / 2), Math.sqrt(Math.max(1e-12, (s1 - s2) / 2))};
    }
}
