package fakebank.api;

import fakebank.testing.TestImages;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page driven in headless Chromium against the shared server. Skipped only when Chromium is missing outside
 * CI; in CI (CI=true) a missing browser fails the test.
 */
@ExtendWith(TestBank.Extension.class)
class WebPageTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Held so the level sticks: Selenium warns about CDP versions it does not need here. */
    private static final java.util.logging.Logger SELENIUM_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium");
    private static TestBank bank;
    private static WebDriver driver;
    private static Path profile;

    @BeforeAll
    static void startBrowser(TestBank b) throws Exception {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        Assumptions.assumeTrue(ci || Files.isExecutable(CHROMIUM), "Chromium is not installed (and CI is not set)");
        bank = b;
        SELENIUM_LOG.setLevel(java.util.logging.Level.SEVERE);
        profile = Files.createTempDirectory("fakebank-chromium");
        // explicit browser and driver paths: Selenium Manager is never asked to download anything
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,1800", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Path imageFile(byte[] bytes) throws Exception {
        Path file = Files.createTempFile("fakebank-upload", ".png");
        Files.write(file, bytes);
        file.toFile().deleteOnExit();
        return file;
    }

    private static WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    private static void upload(Path file) {
        driver.get(bank.http.base() + "/");
        waiting().until(d -> d.findElement(By.id("stats-summary")).isDisplayed());
        driver.findElement(By.id("file")).sendKeys(file.toString());
    }

    @Test
    void uploading_an_image_shows_the_verdict_probability_and_closest_known_images() throws Exception {
        upload(imageFile(TestImages.png(TestImages.noise(TestImages.nextSeed(), 160))));

        WebDriverWait wait = waiting();
        wait.until(d -> !d.findElement(By.id("verdict")).getText().isBlank());
        // at least one match whose thumbnail actually loaded
        wait.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                "return [...document.querySelectorAll('#matches .match img')].some(i => i.complete && i.naturalWidth > 0)"));

        String verdict = driver.findElement(By.id("verdict")).getText().toLowerCase();
        assertTrue(Set.of("real", "fake", "unsure").contains(verdict), verdict);
        assertTrue(driver.findElement(By.id("pfake")).getText().matches("p\\(fake\\) = \\d\\.\\d{3}"),
                driver.findElement(By.id("pfake")).getText());
        List<WebElement> matches = driver.findElements(By.cssSelector("#matches .match"));
        assertFalse(matches.isEmpty());
        String first = matches.getFirst().getText().toLowerCase();
        assertTrue(first.contains("real") || first.contains("fake"), first);
        assertTrue(first.matches("(?s).*\\d\\.\\d{3}.*"), "shows the similarity: " + first);
        assertTrue(driver.findElement(By.id("stats")).getText().contains("images in the bank"));
        // why: at least one reason line with its code, and what the detector can decide at all
        List<WebElement> reasons = driver.findElements(By.cssSelector("#reasons li"));
        assertFalse(reasons.isEmpty(), "the verdict shows its reasons");
        assertTrue(reasons.getFirst().getText().matches("[a-z_]+: .+"), reasons.getFirst().getText());
        assertFalse(driver.findElement(By.id("detector-capability")).getText().isBlank());
        // the query star is placed on the map once /v1/map/project answered
        wait.until(d -> d.findElement(By.id("map-legend")).getText().contains("your image"));

        Path shots = Path.of(System.getProperty("fakebank.projectDir", "."), "target", "screenshots");
        Files.createDirectories(shots);
        File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), shots.resolve("classify-page.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void a_cropped_copy_of_a_known_fake_shows_both_images_with_the_matched_region_outlined() throws Exception {
        java.awt.image.BufferedImage scene = TestImages.scene(TestImages.nextSeed(), 480, 360);
        byte[] original = TestImages.encode(scene, "jpeg");
        String id = bank.fakebank.add(original, new fakebank.bank.EntryMeta(fakebank.bank.Label.FAKE, "flux-1", null,
                "browser-test", null, "test")).id();
        upload(imageFile(TestImages.encode(scene.getSubimage(0, 0, 300, 220), "jpeg")));

        WebDriverWait wait = waiting();
        wait.until(d -> d.findElement(By.id("known")).isDisplayed());
        assertTrue(driver.findElement(By.id("verdict")).getText().equalsIgnoreCase("fake"));
        assertTrue(driver.findElement(By.id("known-text")).getText().contains(id),
                driver.findElement(By.id("known-text")).getText());
        // the crop shows the top-left of the bank image: outlined there; the whole query is the known image
        WebElement bankBox = driver.findElement(By.id("known-bank-box"));
        wait.until(d -> bankBox.isDisplayed());
        String style = bankBox.getAttribute("style");
        assertTrue(style.contains("left: 0") || style.contains("left: 0.") || style.matches(".*left: [0-3]\\.\\d%.*"),
                style);
        assertTrue(driver.findElement(By.id("known-query-box")).isDisplayed());
        wait.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                "const i = document.getElementById('known-bank'); return i.complete && i.naturalWidth > 0"));

        Path shots = Path.of(System.getProperty("fakebank.projectDir", "."), "target", "screenshots");
        Files.createDirectories(shots);
        File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), shots.resolve("known-copy.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void a_broken_file_shows_the_problem_detail() throws Exception {
        upload(imageFile("definitely not a png".getBytes()));
        waiting().until(d -> d.findElement(By.id("error")).isDisplayed());
        assertTrue(driver.findElement(By.id("error")).getText().contains("not"),
                driver.findElement(By.id("error")).getText());
    }

    @Test
    void the_add_form_stores_the_checked_image_with_a_key() throws Exception {
        upload(imageFile(TestImages.realPng()));
        waiting().until(d -> !d.findElement(By.id("verdict")).getText().isBlank());
        driver.findElement(By.cssSelector("#add summary")).click();
        driver.findElement(By.id("api-key")).sendKeys(TestBank.KEY);
        driver.findElement(By.id("add-label")).sendKeys("real");
        driver.findElement(By.id("add-source")).sendKeys("browser-test");
        driver.findElement(By.id("add-submit")).click();
        waiting().until(d -> d.findElement(By.id("add-result")).getText().startsWith("Added as"));
        String id = driver.findElement(By.id("add-result")).getText().replaceAll("^Added as (\\w+).*", "$1");
        assertTrue(bank.fakebank.get(id).source().equals("browser-test"));
    }

    @Test
    void uploading_a_video_shows_the_aggregate_and_a_frame_strip_with_each_frames_verdict() throws Exception {
        fakebank.testing.TestVideos.assumeFfmpeg();
        Path dir = Files.createTempDirectory("fakebank-video-page");
        java.util.List<java.awt.image.BufferedImage> stills = java.util.stream.IntStream.range(0, 3)
                .mapToObj(i -> fakebank.testing.TestVideos.shapes(TestImages.nextSeed(), 192)).toList();
        Path clip = fakebank.testing.TestVideos.clip(dir, "strip.mp4", stills, 1);
        clip.toFile().deleteOnExit();
        upload(clip);
        WebDriverWait wait = waiting();
        wait.until(d -> d.findElements(By.cssSelector("#frames .frame")).size() == 3);
        assertTrue(Set.of("real", "fake", "unsure").contains(driver.findElement(By.id("verdict")).getText().toLowerCase()));
        assertTrue(driver.findElement(By.id("preview-video")).isDisplayed(), "the video itself is previewed");
        assertFalse(driver.findElement(By.id("preview")).isDisplayed(), "no empty image preview beside it");
        assertFalse(driver.findElement(By.id("add")).isDisplayed(), "the image add form is hidden for videos");
        List<WebElement> frames = driver.findElements(By.cssSelector("#frames .frame"));
        for (WebElement f : frames) {
            String text = f.getText().toLowerCase();
            assertTrue(text.matches("(?s)\\d\\.\\d s.*(real|fake|unsure).*p\\(fake\\) \\d\\.\\d{3}.*"), text);
        }
        assertTrue(frames.get(2).getText().startsWith("2.0 s"), frames.get(2).getText());
        // each frame's thumbnail came with the answer and was drawn
        wait.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                "return [...document.querySelectorAll('#frames .frame img')].every(i => i.complete && i.naturalWidth > 0)"));
        assertFalse(driver.findElement(By.id("reasons")).getText().isBlank());
        Path shots = Path.of(System.getProperty("fakebank.projectDir", "."), "target", "screenshots");
        Files.createDirectories(shots);
        File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), shots.resolve("classify-video-page.png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
