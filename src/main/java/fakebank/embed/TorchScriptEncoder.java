package fakebank.embed;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import fakebank.image.RgbImage;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A TorchScript image tower run by DJL's PyTorch engine, fully offline. Owns the model and a small pool of
 * predictors (a DJL predictor is not thread-safe), and closes them together.
 */
public final class TorchScriptEncoder implements Encoder {
    private final ModelManifest manifest;
    private final Preprocessor preprocessor;
    private final ZooModel<NDList, NDList> model;
    private final BlockingQueue<Predictor<NDList, NDList>> predictors;
    private final List<Predictor<NDList, NDList>> all = new ArrayList<>();

    private TorchScriptEncoder(ModelManifest manifest, ZooModel<NDList, NDList> model, int poolSize) {
        this.manifest = manifest;
        this.preprocessor = new Preprocessor(manifest.preprocess());
        this.model = model;
        this.predictors = new ArrayBlockingQueue<>(poolSize);
        for (int i = 0; i < poolSize; i++) {
            Predictor<NDList, NDList> p = model.newPredictor();
            all.add(p);
            predictors.add(p);
        }
    }

    /**
     * Loads {@code dir} (a model folder with {@code model.json}). {@code poolSize} predictors serve that many
     * concurrent callers; more callers wait.
     */
    public static TorchScriptEncoder open(Path dir, int poolSize) {
        EngineDefaults.apply();
        ModelManifest manifest = ModelManifest.load(dir);
        Path file = dir.resolve(manifest.file());
        String fileName = file.getFileName().toString();
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optEngine("PyTorch")
                .optModelPath(dir)
                .optModelName(fileName.endsWith(".pt") ? fileName.substring(0, fileName.length() - 3) : fileName)
                .optTranslator(new NoopTranslator())
                .optOption("mapLocation", "true")
                .build();
        try {
            ZooModel<NDList, NDList> model = criteria.loadModel();
            TorchScriptEncoder encoder = new TorchScriptEncoder(manifest, model, Math.max(1, poolSize));
            encoder.checkDimension();
            return encoder;
        } catch (ModelNotFoundException | MalformedModelException | IOException e) {
            throw new ModelLoadException("cannot load TorchScript model " + file + ": " + e.getMessage(), e);
        }
    }

    private void checkDimension() {
        int size = manifest.preprocess().size();
        float[][] out = rawForward(List.of(new float[3 * size * size]));
        if (out[0].length != manifest.dim()) {
            close();
            throw new ModelLoadException("model " + manifest.identity() + " outputs " + out[0].length
                    + " values but model.json says dim=" + manifest.dim());
        }
    }

    public ModelManifest manifest() {
        return manifest;
    }

    @Override
    public String identity() {
        return manifest.identity();
    }

    @Override
    public int dim() {
        return manifest.dim();
    }

    @Override
    public Preprocessor preprocessor() {
        return preprocessor;
    }

    @Override
    public float[][] embed(List<RgbImage> images) {
        List<float[]> inputs = new ArrayList<>(images.size());
        for (RgbImage image : images) {
            inputs.add(preprocessor.apply(image));
        }
        return forward(inputs);
    }

    @Override
    public float[][] forward(List<float[]> inputs) {
        float[][] out = rawForward(inputs);
        for (float[] v : out) {
            Encoder.normalize(v);
        }
        return out;
    }

    /** The model's output as it is, not normalised: what equivalence checks against a reference compare. */
    public float[][] rawForward(List<float[]> inputs) {
        if (inputs.isEmpty()) {
            return new float[0][];
        }
        int size = manifest.preprocess().size();
        int length = 3 * size * size;
        FloatBuffer batch = FloatBuffer.allocate(inputs.size() * length);
        for (float[] input : inputs) {
            if (input.length != length) {
                throw new IllegalArgumentException("input has " + input.length + " values, model wants " + length);
            }
            batch.put(input);
        }
        batch.flip();
        Predictor<NDList, NDList> predictor = borrow();
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray x = manager.create(batch, new Shape(inputs.size(), 3, size, size));
            NDArray y = predictor.predict(new NDList(x)).singletonOrThrow();
            float[] flat = y.toFloatArray();
            int dim = flat.length / inputs.size();
            float[][] out = new float[inputs.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = Arrays.copyOfRange(flat, i * dim, (i + 1) * dim);
            }
            return out;
        } catch (TranslateException e) {
            throw new IllegalStateException("model forward pass failed: " + e.getMessage(), e);
        } finally {
            predictors.add(predictor);
        }
    }

    private Predictor<NDList, NDList> borrow() {
        try {
            return predictors.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a predictor", e);
        }
    }

    @Override
    public void close() {
        all.forEach(Predictor::close);
        model.close();
    }
}
