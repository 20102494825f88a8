package fakebank.embed;

import fakebank.image.RgbImage;
import java.util.List;

/**
 * Turns images into embeddings.
 *
 * <p>Callers may rely on: every vector has length {@link #dim()} and unit L2 norm (so a dot product is the cosine
 * similarity); the arrays returned are new and owned by the caller; implementations are thread-safe, and a batch
 * is embedded in one forward pass where the model allows it.
 */
public interface Encoder extends AutoCloseable {
    /** Identity stored with every bank entry, "name@version": a bank refuses vectors from another encoder. */
    String identity();

    int dim();

    /** Embeds a batch; the i-th vector belongs to the i-th image. */
    float[][] embed(List<RgbImage> images);

    /** Embeds already preprocessed inputs (see {@link #preprocessor()}): the model's forward pass alone. */
    float[][] forward(List<float[]> inputs);

    Preprocessor preprocessor();

    default float[] embed(RgbImage image) {
        return embed(List.of(image))[0];
    }

    @Override
    void close();

    static void normalize(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (sum == 0) {
            return; // an all-zero output stays zero rather than becoming NaN
        }
        float inv = (float) (1.0 / Math.sqrt(sum));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
    }
}
