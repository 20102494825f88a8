package fakebank.bench;

import fakebank.bank.Family;
import fakebank.bank.Label;
import fakebank.bank.LabeledVector;
import fakebank.detect.DetectorModel;
import fakebank.detect.TrainSettings;
import fakebank.detect.Trainer;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Times {@link Trainer#train} on a synthetic bank shaped like a real one, and reports the heap it needed. Vectors
 * are seeded unit vectors: reals in {@code sources} collections (each a cluster; the source path groups them for
 * cross-validation as a real bank's do), fakes from {@code generators} generators (each a cluster near a shared
 * "fake" direction, with per-image noise), so the classes overlap as embeddings of real and generated images do.
 * The bank's vectors are built before timing starts and count in the heap figures (a real retrain holds them too).
 */
public final class TrainBench {
    /** What one run measured. {@code peakHeapMb}: the sum of the heap pools' peaks during training (an upper bound). */
    public record Result(int entries, int dimension, double seconds, double cpuSeconds, double peakHeapMb,
            double maxHeapMb, double bankMb, long gcCount, double gcSeconds, double auc, String note,
            double loadBefore, double loadAfter) {
        String json() {
            return String.format(Locale.ROOT, "{\"entries\":%d,\"dim\":%d,\"train_s\":%.1f,\"cpu_s\":%.1f,"
                    + "\"peak_heap_mb\":%.0f,\"max_heap_mb\":%.0f,\"bank_mb\":%.0f,\"gc_count\":%d,\"gc_s\":%.1f,"
                    + "\"oof_auc\":%.3f,\"cores\":%d,\"load_before\":%.1f,\"load_after\":%.1f}", entries, dimension,
                    seconds, cpuSeconds, peakHeapMb, maxHeapMb, bankMb, gcCount, gcSeconds, auc,
                    Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter);
        }
    }

    private TrainBench() {
    }

    public static void run(List<Integer> sizes, int dimension, long seed, boolean json, PrintStream out) {
        for (int entries : sizes) {
            Result r = once(entries, dimension, seed);
            if (json) {
                out.println(r.json());
            } else {
                out.printf(Locale.ROOT, "%,d entries x %d: trained in %.1f s wall, %.1f s CPU (load average %.1f "
                        + "before, %.1f after, %d cores), peak heap %.0f MB of %.0f MB max (bank vectors %.0f MB), %d GCs "
                        + "%.1f s, out-of-fold AUC %.3f%n  %s%n", r.entries(), r.dimension(), r.seconds(),
                        r.cpuSeconds(), r.loadBefore(), r.loadAfter(), Runtime.getRuntime().availableProcessors(),
                        r.peakHeapMb(), r.maxHeapMb(), r.bankMb(), r.gcCount(), r.gcSeconds(), r.auc(), r.note());
            }
            out.flush();
        }
    }

    static Result once(int entries, int dimension, long seed) {
        List<LabeledVector> bank = syntheticBank(entries, dimension, seed);
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long gcCount0 = gcCount();
        long gcMillis0 = gcMillis();
        var os = ManagementFactory.getOperatingSystemMXBean();
        double loadBefore = os.getSystemLoadAverage();
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        DetectorModel model = Trainer.train(bank, List.of(), TrainSettings.defaults(), 1);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
        double peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() / 1048576.0;
        double bankMb = (double) entries * dimension * Float.BYTES / 1048576.0;
        return new Result(entries, dimension, seconds, cpuSeconds, peak, Runtime.getRuntime().maxMemory() / 1048576.0,
                bankMb, gcCount() - gcCount0, (gcMillis() - gcMillis0) / 1000.0, model.metrics().auc(), model.note(),
                loadBefore, os.getSystemLoadAverage());
    }

    /** CPU time of every thread of this process (the machine is shared: wall time alone says little). */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    /**
     * About 45% fakes from 40 generators in 4 families, 55% reals from 400 sources; cluster spreads chosen so the
     * classes overlap (out-of-fold AUC well below 1). Deterministic for a seed.
     */
    public static List<LabeledVector> syntheticBank(int entries, int dimension, long seed) {
        Random random = new Random(seed);
        float[] fakeDirection = unitGaussian(random, dimension);
        int generators = 40;
        int sources = 400;
        float[][] generatorCentre = new float[generators][];
        for (int g = 0; g < generators; g++) {
            generatorCentre[g] = mix(fakeDirection, unitGaussian(random, dimension), 0.15, 1.0);
        }
        float[][] sourceCentre = new float[sources][];
        for (int s = 0; s < sources; s++) {
            sourceCentre[s] = mix(fakeDirection, unitGaussian(random, dimension), 0.03, 1.0);
        }
        Family[] families = {Family.DIFFUSION, Family.GAN, Family.AUTOREGRESSIVE, Family.FACE_SWAP};
        List<LabeledVector> out = new ArrayList<>(entries);
        for (int i = 0; i < entries; i++) {
            boolean fake = random.nextDouble() < 0.45;
            if (fake) {
                int g = random.nextInt(generators);
                out.add(new LabeledVector("gen" + g + "-" + i, mix(generatorCentre[g], unitGaussian(random, dimension),
                        1, 1.3), Label.FAKE, "gen-" + g, families[g % families.length], null));
            } else {
                int s = random.nextInt(sources);
                out.add(new LabeledVector("real-" + i, mix(sourceCentre[s], unitGaussian(random, dimension), 1, 1.3),
                        Label.REAL, null, Family.UNKNOWN, null, "synthetic:source" + s + "/" + i + ".jpg"));
            }
        }
        return out;
    }

    private static float[] unitGaussian(Random random, int dimension) {
        float[] v = new float[dimension];
        for (int j = 0; j < dimension; j++) {
            v[j] = (float) random.nextGaussian();
        }
        return normalise(v);
    }

    /** normalise(a * x + b * y) for unit x and y. */
    private static float[] mix(float[] x, float[] y, double a, double b) {
        float[] v = new float[x.length];
        for (int j = 0; j < v.length; j++) {
            v[j] = (float) (a * x[j] + b * y[j]);
        }
        return normalise(v);
    }

    private static float[] normalise(float[] v) {
        double norm = 0;
        for (float f : v) {
            norm += f * f;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int j = 0; j < v.length; j++) {
            v[j] *= scale;
        }
        return v;
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }
}
