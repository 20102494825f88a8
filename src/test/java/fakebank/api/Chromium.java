package fakebank.api;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium driven by chromedriver, with its console log readable. Skipped only when Chromium is
 * missing outside CI; in CI (CI=true) a missing browser fails the test.
 */
final class Chromium implements AutoCloseable {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Held so the level sticks: Selenium warns about CDP versions it does not need here. */
    private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");

    private static final int MAX_SHOT_HEIGHT = 2600;

    final WebDriver driver;
    private final Path profile;

    private Chromium(WebDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static Chromium start() throws Exception {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        Assumptions.assumeTrue(ci || Files.isExecutable(CHROMIUM), "Chromium is not installed (and CI is not set)");
        SELENIUM_LOG.setLevel(Level.SEVERE);
        Path profile = Files.createTempDirectory("fakebank-chromium");
        // explicit browser and driver paths: Selenium Manager is never asked to download anything
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--hide-scrollbars", "--window-size=1280,1800", "--user-data-dir=" + profile);
        // the console (errors, failed requests) is read back through chromedriver's log endpoint
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new Chromium(driver, profile);
    }

    WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    /**
     * The console errors (level SEVERE: script errors, failed requests such as a 404 thumbnail or favicon) logged
     * since the last call; reading empties chromedriver's buffer.
     */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
    }

    /** Saves the whole page as {@code name} in target/screenshots. */
    Path screenshot(String name) throws Exception {
        return screenshot(Path.of(System.getProperty("fakebank.projectDir", "."), "target", "screenshots"), name);
    }

    /**
     * Saves a screenshot README and docs show: in target/screenshots, or in the folder {@code -Dfakebank.screenshots}
     * names (relative to the project; {@code docs/screenshots} refreshes the committed ones).
     */
    Path docsScreenshot(String name) throws Exception {
        String project = System.getProperty("fakebank.projectDir", ".");
        String wanted = System.getProperty("fakebank.screenshots");
        return screenshot(wanted == null || wanted.isBlank() ? Path.of(project, "target", "screenshots")
                : Path.of(project).resolve(wanted), name);
    }

    private Path screenshot(Path dir, String name) throws Exception {
        Files.createDirectories(dir);
        // the whole page (up to a readable height), not just the window
        Dimension window = driver.manage().window().getSize();
        long height = (Long) ((JavascriptExecutor) driver).executeScript(
                "return Math.ceil(document.documentElement.scrollHeight)");
        driver.manage().window().setSize(new Dimension(window.getWidth(), (int) Math.min(height, MAX_SHOT_HEIGHT)));
        try {
            File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            return Files.copy(png.toPath(), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            driver.manage().window().setSize(window);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
