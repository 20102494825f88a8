package fakebank.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.image.ImageDecoder;
import fakebank.image.ImageLimits;
import fakebank.testing.TestImages;
import fakebank.testing.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pipelined embedder (a loader thread ahead of the inference threads) on the real default model: the same
 * vectors in the same order as the serial one, bad files in their place, and a bounded number of decoded images
 * when the consumer is slow.
 */
class BatchEmbedderTest {
    private static final Path IMAGES = TestPaths.projectDir().resolve("src/test/resources/images");
    private static TorchScriptEncoder encoder;
    private static ImageDecoder decoder;

    @BeforeAll
    static void open() {
        encoder = TorchScriptEncoder.open(TestPaths.defaultModel(), 2);
        decoder = new ImageDecoder(ImageLimits.defaults(), encoder.preprocessor().spec().minSourceSide());
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    /** Real files (committed images, bad ones among them) and photo-like JPEG scenes, as bytes. */
    private static List<byte[]> inputs() throws Exception {
        List<byte[]> out = new ArrayList<>();
        for (String name : List.of("rgb.jpg", "truncated.jpg", "rgb.png", "progressive.jpg", "not-an-image.txt",
                "exif-orientation-6.jpg", "rgb.webp", "bomb.png", "palette.png")) {
            out.add(Files.readAllBytes(IMAGES.resolve(name)));
        }
        for (int i = 0; i < 8; i++) {
            out.add(TestImages.encode(TestImages.scene(100 + i, 640 + 32 * i, 480), "jpeg"));
        }
        return out;
    }

    private static List<BatchEmbedder.Result<byte[]>> run(BatchEmbedder embedder, List<byte[]> inputs) {
        List<BatchEmbedder.Result<byte[]>> out = new ArrayList<>();
        embedder.run(inputs, decoder::decode, out::add);
        return out;
    }

    @Test
    void pipelinedGivesTheSerialVectorsInInputOrderWithErrorsInPlace() throws Exception {
        List<byte[]> inputs = inputs();
        for (int batch : new int[] {1, 4}) {
            List<BatchEmbedder.Result<byte[]>> serial = run(BatchEmbedder.serial(encoder, batch, 2), inputs);
            List<BatchEmbedder.Result<byte[]>> piped = run(BatchEmbedder.pipelined(encoder, batch, 2), inputs);
            assertEquals(inputs.size(), piped.size(), "one result per input, batch " + batch);
            int failed = 0;
            for (int i = 0; i < inputs.size(); i++) {
                BatchEmbedder.Result<byte[]> s = serial.get(i);
                BatchEmbedder.Result<byte[]> p = piped.get(i);
                String what = "input " + i + ", batch " + batch;
                assertTrue(inputs.get(i) == p.item(), what + " out of order");
                assertEquals(s.ok(), p.ok(), what);
                if (p.ok()) {
                    assertEquals(encoder.dim(), p.vector().length);
                    assertArrayEquals(s.vector(), p.vector(), 1e-5f, what);
                    assertEquals(s.image().width(), p.image().width(), what);
                } else {
                    failed++;
                    assertNull(p.vector());
                    assertEquals(s.error().getMessage(), p.error().getMessage(), what);
                }
            }
            assertEquals(3, failed, "truncated.jpg, not-an-image.txt and bomb.png fail, batch " + batch);
            assertFalse(piped.get(1).ok());
            assertTrue(piped.get(0).ok() && piped.get(2).ok());
        }
    }

    @Test
    void aSlowConsumerHoldsTheLoaderBack() throws Exception {
        List<byte[]> inputs = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            inputs.add(TestImages.encode(TestImages.scene(200 + i, 320, 240), "jpeg"));
        }
        int batch = 1;
        int parallelism = 2;
        AtomicInteger loaded = new AtomicInteger();
        AtomicInteger consumed = new AtomicInteger();
        AtomicInteger mostAhead = new AtomicInteger();
        BatchEmbedder.pipelined(encoder, batch, parallelism).run(inputs, b -> {
            loaded.incrementAndGet();
            return decoder.decode(b);
        }, r -> {
            assertTrue(r.ok());
            mostAhead.accumulateAndGet(loaded.get() - consumed.get(), Math::max);
            try {
                Thread.sleep(40); // a slow sink, e.g. writes to the bank
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            consumed.incrementAndGet();
        });
        assertEquals(inputs.size(), consumed.get());
        // the loader's window (batch x (parallelism + 2)) plus the batches taken for forward passes and not yet
        // handed over (at most parallelism + 1)
        int bound = batch * (parallelism + 2) + batch * (parallelism + 1);
        assertTrue(mostAhead.get() <= bound, "decoded " + mostAhead.get() + " images ahead of a slow consumer; "
                + "at most " + bound + " expected");
    }

    @Test
    void pipelinesOnlyWhenTheForwardPassesLeaveACoreFree() {
        assertTrue(BatchEmbedder.pipelines(1, 2, 1));
        assertFalse(BatchEmbedder.pipelines(2, 2, 1), "two single-threaded predictors fill two cores");
        assertFalse(BatchEmbedder.pipelines(1, 2, 2), "one predictor with two torch threads fills two cores");
        assertTrue(BatchEmbedder.pipelines(2, 4, 1));
    }

    @Test
    void aFailingForwardPassSurfacesInsteadOfHanging() {
        Encoder broken = new Encoder() {
            @Override
            public String identity() {
                return encoder.identity();
            }

            @Override
            public int dim() {
                return encoder.dim();
            }

            @Override
            public float[][] embed(List<fakebank.image.RgbImage> images) {
                throw new IllegalStateException("not used");
            }

            @Override
            public float[][] forward(List<float[]> in) {
                // the real model, fed a wrong-sized input: its own error
                return encoder.forward(List.of(new float[3]));
            }

            @Override
            public Preprocessor preprocessor() {
                return encoder.preprocessor();
            }

            @Override
            public void close() {
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> run(BatchEmbedder.pipelined(broken, 2, 2), List.of(TestImages.encode(TestImages.scene(1, 64, 64),
                        "jpeg"))));
        assertTrue(e.getMessage().contains("model wants"), e.getMessage());
    }
}
