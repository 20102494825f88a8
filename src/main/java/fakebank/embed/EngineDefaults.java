package fakebank.embed;

/**
 * libtorch settings fakebank runs with unless the user set them ({@code -Dai.djl.pytorch.num_threads=2} etc.).
 * Measured on 2 cores with the default encoder: two single-threaded predictors side by side embed ~58 images/s
 * end to end, against ~47 for one predictor using both cores, because each core then decodes its own next batch
 * while the other runs a forward pass. The graph executor's re-optimisation for every new batch shape is off:
 * it made batch 16 slower and never helped batch 1.
 */
final class EngineDefaults {
    private EngineDefaults() {
    }

    static void apply() {
        setIfAbsent("ai.djl.pytorch.num_threads", "1");
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        setIfAbsent("ai.djl.pytorch.graph_optimizer", "false");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
