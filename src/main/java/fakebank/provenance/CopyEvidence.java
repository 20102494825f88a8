package fakebank.provenance;

import java.util.List;

/**
 * Why a query is a copy of a bank image: {@code inliers} keypoint pairs agree on one geometric transform out of
 * {@code matches} tentative pairs; {@code confidence} = 1 - exp(-inliers / 15), a monotone score (not a
 * probability). {@code region} is the part of the bank image the query shows, {@code queryRegion} where the bank
 * image sits in the query; both as [x0, y0, x1, y1] fractions of their image, clipped to it. The transform takes the
 * bank image to the query: {@code mirrored}, {@code rotation} in degrees (clockwise on screen), {@code scale} (query
 * pixels per bank pixel at equal working size; below 1 means the copy shows the image smaller).
 */
public record CopyEvidence(int inliers, int matches, double confidence, List<Double> region,
        List<Double> queryRegion, boolean mirrored, double rotation, double scale) {

    /**
     * This evidence found on a part of the query, the box {x, y, width, height} of a {@code width} x {@code height}
     * image, told in the whole query's terms: where the bank image sits is mapped out of the box.
     */
    public CopyEvidence withinBox(int[] box, int width, int height) {
        List<Double> q = List.of(
                round((box[0] + queryRegion.get(0) * box[2]) / width), round((box[1] + queryRegion.get(1) * box[3]) / height),
                round((box[0] + queryRegion.get(2) * box[2]) / width), round((box[1] + queryRegion.get(3) * box[3]) / height));
        return new CopyEvidence(inliers, matches, confidence, region, q, mirrored, rotation, scale);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
