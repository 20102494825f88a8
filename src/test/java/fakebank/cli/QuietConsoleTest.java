package fakebank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import fakebank.testing.TestPaths;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The launcher's stderr filter drops libtorch/JVM start-up noise and keeps every real message. */
class QuietConsoleTest {
    @Test
    void nnpack_and_incubator_noise_is_dropped_and_errors_are_kept() throws Exception {
        String input = String.join("\n",
                "WARNING: Using incubator modules: jdk.incubator.vector",
                "[W1130 05:00:00.000000000 NNPACK.cpp:62] Could not initialize NNPACK! Reason: Unsupported hardware.",
                "[W NNPACK.cpp:56] Could not initialize NNPACK! Reason: Unsupported hardware.",
                "fakebank: the bank at /x is open for writing in another process",
                "[E1130 05:00:00.000000000 Conv.cpp:1] a real native error",
                "WARNING: something else about incubator modules",
                "[main] ERROR fakebank.bank.Bank - bank /x: could not write the bank journal") + "\n";
        Process p = new ProcessBuilder(TestPaths.projectDir().resolve("tools/quiet-stderr").toString()).start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        List<String> kept = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        p.waitFor();
        assertEquals(List.of(
                "fakebank: the bank at /x is open for writing in another process",
                "[E1130 05:00:00.000000000 Conv.cpp:1] a real native error",
                "WARNING: something else about incubator modules",
                "[main] ERROR fakebank.bank.Bank - bank /x: could not write the bank journal"), kept);
    }
}
