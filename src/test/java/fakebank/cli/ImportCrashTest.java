package fakebank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fakebank.bank.Bank;
import fakebank.bank.BankOptions;
import fakebank.testing.TestImages;
import fakebank.testing.TestPaths;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 during an import: every file the import acknowledged (its --jsonl line was printed after the durable
 * write) is in the bank after a restart, the index opens clean, and re-running the import adds exactly the rest.
 */
class ImportCrashTest {
    private static final int FILES = 120;

    @TempDir
    Path tmp;

    @Test
    void acknowledged_adds_survive_kill_minus_9() throws Exception {
        Path images = tmp.resolve("images/real");
        Files.createDirectories(images);
        for (int i = 0; i < FILES; i++) {
            Files.write(images.resolve(String.format("img_%03d.png", i)), TestImages.png(TestImages.gradient(i, 64)));
        }
        Path index = tmp.resolve("index");
        Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "add", images.getParent().toString(), "--index", index.toString(), "--seed", "none", "--jsonl",
                "--no-train", "--model", TestPaths.defaultModel().toString())
                .redirectError(tmp.resolve("stderr.txt").toFile()).start();

        Map<String, String> acknowledged = new HashMap<>(); // sha256 -> id
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                JsonNode event = json.readTree(line);
                if ("added".equals(event.path("status").asText())) {
                    acknowledged.put(event.get("sha256").asText(), event.get("id").asText());
                }
                if (acknowledged.size() >= 40) {
                    process.destroyForcibly(); // SIGKILL: no shutdown hooks, no final commit
                    break;
                }
            }
        }
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "killed process should exit");
        assertTrue(acknowledged.size() >= 40 && acknowledged.size() < FILES,
                "kill landed mid-import: " + acknowledged.size() + " acknowledged; stderr: "
                        + Files.readString(tmp.resolve("stderr.txt")));

        int present;
        try (Bank bank = Bank.open(index, "mobilenet-v2-140-nsfwjs@1", 1792, BankOptions.defaults())) {
            for (var ack : acknowledged.entrySet()) {
                assertEquals(ack.getValue(), bank.idForSha256(ack.getKey()).orElse(null),
                        "acknowledged add lost: " + ack);
            }
            present = (int) bank.stats().live();
        }
        CliRunner.Run rerun = CliRunner.run("add", images.getParent().toString(), "--index", index.toString(),
                "--seed", "none", "--no-train", "--model", TestPaths.defaultModel().toString());
        assertTrue(rerun.out().contains("added=" + (FILES - present) + " duplicates=" + present + " failed=0"),
                "re-run completes the import: " + rerun.out() + rerun.err() + " (present after crash: " + present
                        + ")");
        assertTrue(List.of(rerun.err().split("\n")).stream().noneMatch(l -> l.startsWith("failed")), rerun.err());
    }
}
