package fakebank.testing;

import java.nio.file.Path;

/** Where test fixtures live, independent of the working directory surefire starts in. */
public final class TestPaths {
    private TestPaths() {
    }

    public static Path projectDir() {
        return Path.of(System.getProperty("fakebank.projectDir", ".")).toAbsolutePath().normalize();
    }

    public static Path tinyClip() {
        return projectDir().resolve("src/test/resources/tiny-clip");
    }

    public static Path defaultModel() {
        return projectDir().resolve("models/mobilenet-v2-140-nsfwjs");
    }

    /** True in CI, where nothing may be skipped for a missing tool: .ci/run installs everything. */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }
}
