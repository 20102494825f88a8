package fakebank.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.bank.Label;
import fakebank.bank.LabeledVector;
import fakebank.bank.Match;
import fakebank.detect.Decision;
import fakebank.service.Classification;
import fakebank.service.Fakebank;
import fakebank.service.FakebankConfig;
import fakebank.testing.TestImages;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * README's "First five minutes" in headless Chromium on a new bank that imported the real seed bank, as
 * {@code tools/fakebank serve} does on first start: the first page, a known fake with its closest seed entries
 * (thumbnails where the licence allows, placeholders with source links elsewhere), and a fake added through the
 * page whose captioned crop is then caught as a copy. No broken image and no console error at any step. Makes the
 * screenshots README shows (target/screenshots; {@code -Dfakebank.screenshots=docs/screenshots} refreshes them).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirstFiveMinutesPageTest {
    private static final String KEY = "first-five-minutes-key";
    private static Path dir;
    private static Fakebank fakebank;
    private static ApiServer server;
    private static Chromium browser;
    private static WebDriver driver;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        browser = Chromium.start();
        driver = browser.driver;
        Path project = Path.of(System.getProperty("fakebank.projectDir", ".")).toAbsolutePath();
        FakebankConfig defaults = FakebankConfig.defaults(project);
        Assumptions.assumeTrue(Files.isRegularFile(defaults.modelDir().resolve("model.json")),
                "the seed bank's vectors need the default model");
        dir = Files.createTempDirectory("fakebank-first-five");
        fakebank = Fakebank.open(defaults.withIndexDir(dir.resolve("index")).withPredictors(2));
        assertTrue(fakebank.stats().live() > 100, "the empty bank imported the seed bank: " + fakebank.stats().live());
        fakebank.warmUp();
        server = ApiServer.start(fakebank, ApiSettings.defaults().withPort(0).withWriteKeys(List.of(KEY)));
        base = new Http(server.port()).base();
    }

    @AfterAll
    static void stop() throws Exception {
        try (Fakebank f = fakebank; ApiServer s = server; Chromium b = browser) {
            // closed in reverse order: browser, server, then the bank
        } finally {
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static WebDriverWait waiting() {
        return browser.waiting();
    }

    @SuppressWarnings("unchecked")
    private static List<String> brokenVisibleImages() {
        return (List<String>) ((JavascriptExecutor) driver).executeScript(
                "return [...document.querySelectorAll('img')].filter(i => i.offsetParent !== null"
                        + " && !(i.complete && i.naturalWidth > 0)).map(i => (i.id || i.alt) + ': ' + i.src)");
    }

    private static void openPage() {
        driver.get(base + "/");
        WebDriverWait wait = waiting();
        wait.until(d -> d.findElement(By.id("stats-summary")).isDisplayed());
        wait.until(d -> d.findElement(By.id("map-legend")).getText().contains("points"));
    }

    /** Drops a file on the page and waits until the verdict, every thumbnail and the map star are in. */
    private static void check(byte[] image, String suffix) throws Exception {
        Path file = Files.createTempFile(dir, "upload", suffix);
        Files.write(file, image);
        driver.findElement(By.id("file")).sendKeys(file.toString());
        WebDriverWait wait = waiting();
        wait.until(d -> !d.findElement(By.id("verdict")).getText().isBlank());
        wait.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                "return [...document.querySelectorAll('#matches .match, #known:not([hidden]) .frame')].every(c =>"
                        + " c.querySelector('.placeholder') || [...c.querySelectorAll('img')].every(i => i.hidden"
                        + " || i.complete && i.naturalWidth > 0))"));
        wait.until(d -> d.findElement(By.id("map-legend")).getText().contains("your image"));
    }

    @Test
    @Order(1)
    void the_first_page_shows_the_seed_bank_without_a_console_error() throws Exception {
        browser.consoleErrors();
        openPage();
        String summary = driver.findElement(By.id("stats-summary")).getText();
        assertTrue(summary.startsWith(fakebank.stats().live() + " images in the bank"), summary);
        assertFalse(driver.findElement(By.id("detector-capability")).getText().isBlank());
        assertFalse(driver.findElement(By.id("map-legend")).getText().contains("your image"),
                "no star for an image not yet given");
        assertEquals(List.of(), brokenVisibleImages());
        assertEquals(List.of(), browser.consoleErrors(), "console on first load");
        browser.docsScreenshot("first-load.png");
    }

    /**
     * The thumbnail of a licensed seed fake, re-shared at thumbnail size: fake, decided by that entry, with its
     * closest seed entries, among them at least one kept without a picture (placeholder and source link).
     */
    @Test
    @Order(2)
    void a_known_fake_shows_its_closest_seed_entries_with_pictures_or_placeholders() throws Exception {
        Query query = seedFakeWithUnlicensedNeighbours();
        browser.consoleErrors();
        openPage();
        check(query.image(), ".jpg");

        assertEquals("fake", driver.findElement(By.id("verdict")).getText().toLowerCase());
        assertTrue(driver.findElement(By.id("known-text")).getText().contains(query.id()));
        assertTrue(driver.findElement(By.id("meaning")).getText().contains("A known image decided this"),
                driver.findElement(By.id("meaning")).getText());
        List<WebElement> cards = driver.findElements(By.cssSelector("#matches .match"));
        List<WebElement> placeholders = cards.stream()
                .filter(c -> !c.findElements(By.className("placeholder")).isEmpty()).toList();
        assertFalse(placeholders.isEmpty(), "an entry without a picture is among the matches");
        assertTrue(placeholders.size() < cards.size(), "and entries with one");
        for (WebElement card : placeholders) {
            assertTrue(card.findElements(By.tagName("img")).isEmpty(), card.getText());
            assertTrue(card.findElement(By.cssSelector(".source a")).getAttribute("href").startsWith("https://"),
                    "the source link stands in for the picture: " + card.getText());
        }
        assertEquals(List.of(), brokenVisibleImages());
        assertEquals(List.of(), browser.consoleErrors(), "console after a classification with placeholders");
        browser.docsScreenshot("fake-matches.png");
    }

    /** README steps 2 and 3: a new fake added through the page with a key, then its captioned crop caught. */
    @Test
    @Order(3)
    void a_fake_added_on_the_page_is_caught_again_as_a_captioned_crop() throws Exception {
        BufferedImage scene = TestImages.scene(TestImages.nextSeed(), 480, 360);
        browser.consoleErrors();
        openPage();
        check(TestImages.encode(scene, "jpeg"), ".jpg");
        driver.findElement(By.cssSelector("#add summary")).click();
        driver.findElement(By.id("api-key")).sendKeys(KEY);
        driver.findElement(By.id("add-label")).sendKeys("AI-generated");
        driver.findElement(By.id("add-generator")).sendKeys("flux-1");
        driver.findElement(By.id("add-source")).sendKeys("https://example.org/viral-post");
        driver.findElement(By.id("add-submit")).click();
        waiting().until(d -> d.findElement(By.id("add-result")).getText().startsWith("Added as"));
        String id = driver.findElement(By.id("add-result")).getText().replaceAll("^Added as (\\w+).*", "$1");
        assertEquals(Label.FAKE, fakebank.get(id).label());

        check(TestImages.encode(captioned(scene.getSubimage(0, 0, 320, 240)), "jpeg"), ".jpg");
        assertEquals("fake", driver.findElement(By.id("verdict")).getText().toLowerCase());
        assertTrue(driver.findElement(By.id("known-text")).getText().contains(id),
                driver.findElement(By.id("known-text")).getText());
        waiting().until(d -> d.findElement(By.id("known-bank-box")).isDisplayed());
        assertEquals(List.of(), brokenVisibleImages());
        assertEquals(List.of(), browser.consoleErrors(), "console after adding and a copy match");
        browser.docsScreenshot("known-copy.png");
    }

    private record Query(String id, byte[] image) {
    }

    /** The first seed fake (by id) whose re-shared thumbnail is called fake by it and has unlicensed neighbours. */
    private static Query seedFakeWithUnlicensedNeighbours() {
        List<LabeledVector> fakes = fakebank.liveVectors().stream().filter(v -> v.label() == Label.FAKE)
                .filter(v -> fakebank.hasThumbnail(v.id())).sorted(Comparator.comparing(LabeledVector::id)).toList();
        for (LabeledVector v : fakes) {
            byte[] thumb = fakebank.thumbnail(v.id()).orElseThrow();
            Classification c = fakebank.classify(thumb);
            List<Match> matches = c.verdict().matches();
            if (c.verdict().verdict() == Decision.FAKE && v.id().equals(c.verdict().knownMatch())
                    && matches.stream().anyMatch(m -> !fakebank.hasThumbnail(m.id()))) {
                return new Query(v.id(), thumb);
            }
        }
        throw new AssertionError("no licensed seed fake among " + fakes.size() + " has unlicensed neighbours");
    }

    /** A re-shared copy as it circulates: a caption bar under the picture. */
    private static BufferedImage captioned(BufferedImage picture) {
        int bar = picture.getHeight() / 5;
        BufferedImage out = new BufferedImage(picture.getWidth(), picture.getHeight() + bar, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.drawImage(picture, 0, 0, null);
            g.setColor(Color.WHITE);
            g.fillRect(0, picture.getHeight(), picture.getWidth(), bar);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, bar / 3));
            g.drawString("Seen it? Share it!", 10, picture.getHeight() + bar * 2 / 3);
        } finally {
            g.dispose();
        }
        return out;
    }
}
