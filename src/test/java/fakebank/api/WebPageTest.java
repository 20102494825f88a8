package fakebank.api;

import fakebank.bank.EntryMeta;
import fakebank.bank.Label;
import fakebank.bank.NewEntry;
import fakebank.testing.TestImages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page driven in headless Chromium against the shared server. Skipped only when Chromium is missing outside
 * CI; in CI (CI=true) a missing browser fails the test.
 */
@ExtendWith(TestBank.Extension.class)
class WebPageTest {
    private static TestBank bank;
    private static Chromium browser;
    private static WebDriver driver;

    @BeforeAll
    static void startBrowser(TestBank b) throws Exception {
        browser = Chromium.start();
        bank = b;
        driver = browser.driver;
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    private static Path imageFile(byte[] bytes) throws Exception {
        Path file = Files.createTempFile("fakebank-upload", ".png");
        Files.write(file, bytes);
        file.toFile().deleteOnExit();
        return file;
    }

    private static WebDriverWait waiting() {
        return browser.waiting();
    }

    private static void upload(Path file) {
        driver.get(bank.http.base() + "/");
        waiting().until(d -> d.findElement(By.id("stats-summary")).isDisplayed());
        driver.findElement(By.id("file")).sendKeys(file.toString());
    }

    /** Visible images that are broken or empty (each as "id-or-alt: src"); placeholders are divs, not images. */
    @SuppressWarnings("unchecked")
    private static List<String> brokenVisibleImages() {
        return (List<String>) ((JavascriptExecutor) driver).executeScript(
                "return [...document.querySelectorAll('img')].filter(i => i.offsetParent !== null"
                        + " && !(i.complete && i.naturalWidth > 0)).map(i => (i.id || i.alt) + ': ' + i.src)");
    }

    /** Every match card shows a loaded picture or a deliberate placeholder, and every thumbnail request answered. */
    private static void waitForThumbnails() {
        waiting().until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                "return [...document.querySelectorAll('#matches .match')].every(c => c.querySelector('.placeholder')"
                        + " || [...c.querySelectorAll('img')].every(i => i.complete && i.naturalWidth > 0))"));
    }

    /**
     * First load and a classification whose evidence includes an entry without a thumbnail (as seed entries whose
     * licence allows none): no broken image, and no console error (no request for a missing thumbnail, no favicon
     * 404, no script error).
     */
    @Test
    void no_broken_image_and_no_console_error_on_first_load_or_after_a_classification() throws Exception {
        byte[] image = TestImages.png(TestImages.noise(TestImages.nextSeed(), 120));
        NewEntry full = bank.fakebank.entry(bank.fakebank.embed(image), image, new EntryMeta(Label.REAL, "camera",
                null, "https://example.org/unlicensed.jpg", "all rights reserved", "browser-test"));
        String id = bank.fakebank.addAll(List.of(new NewEntry(full.sha256(), full.vector(), null, full.original(),
                full.meta()))).getFirst().id();
        browser.consoleErrors(); // earlier tests' pages (a broken upload answers 422 on purpose)

        driver.get(bank.http.base() + "/");
        WebDriverWait wait = waiting();
        wait.until(d -> d.findElement(By.id("stats-summary")).isDisplayed());
        wait.until(d -> d.findElement(By.id("map-legend")).getText().contains("points"));
        assertEquals(List.of(), brokenVisibleImages(), "first load");
        assertEquals(List.of(), browser.consoleErrors(), "console on first load");

        driver.findElement(By.id("file")).sendKeys(imageFile(image).toString());
        wait.until(d -> !d.findElement(By.id("verdict")).getText().isBlank());
        waitForThumbnails();
        wait.until(d -> d.findElement(By.id("map-legend")).getText().contains("your image"));
        assertEquals(List.of(), brokenVisibleImages(), "after a classification");
        // badge, bar and words agree: the known real photo decided, and the score line says it did not
        assertEquals("real", driver.findElement(By.id("verdict")).getText().toLowerCase());
        assertTrue(driver.findElement(By.id("meaning")).getText().contains("A known image decided this"),
                driver.findElement(By.id("meaning")).getText());
        assertTrue(driver.findElement(By.cssSelector("#reasons li.score")).getText()
                .contains("the detector's own score; the known image decided"));
        // the entry without a thumbnail: its placeholder, as the closest match and as the known image
        WebElement card = driver.findElement(By.cssSelector("#matches .match[data-id='" + id + "']"));
        assertTrue(card.findElements(By.tagName("img")).isEmpty(), "no image element for it: " + card.getText());
        assertTrue(card.findElement(By.className("placeholder")).getText().contains("No picture kept"));
        assertTrue(driver.findElement(By.id("known-text")).getText().contains(id));
        assertFalse(driver.findElement(By.id("known-bank")).isDisplayed(), "no empty image for the known entry");
        assertTrue(driver.findElement(By.cssSelector("[data-for='known-bank'].placeholder")).isDisplayed());
        assertEquals("https://example.org/unlicensed.jpg",
                driver.findElement(By.cssSelector("#known-text a")).getAttribute("href"), "its source, as a link");
        assertEquals(List.of(), browser.consoleErrors(), "console after a classification");
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
        browser.screenshot("classify-page.png");
    }

    @Test
    void a_cropped_copy_of_a_known_fake_shows_both_images_with_the_matched_region_outlined() throws Exception {
        java.awt.image.BufferedImage scene = TestImages.scene(TestImages.nextSeed(), 480, 360);
        byte[] original = TestImages.encode(scene, "jpeg");
        String id = bank.fakebank.add(original, new fakebank.bank.EntryMeta(fakebank.bank.Label.FAKE, "flux-1", null,
                "browser-test", null, "test")).id();
        browser.consoleErrors();
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
        waitForThumbnails();
        assertEquals(List.of(), browser.consoleErrors(), "console after a copy match");
        browser.screenshot("known-copy-test-bank.png");
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
        browser.screenshot("classify-video-page.png");
    }
}
