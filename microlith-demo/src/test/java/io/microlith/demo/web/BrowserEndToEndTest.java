package io.microlith.demo.web;

import io.microlith.demo.DemoTesting;
import io.microlith.demo.RecordingMailer;
import io.microlith.testkit.http.HttpTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web pages in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}), driven by
 * Selenium: in the shop, register, log in, add a product, place an order, and see it turn <em>placed</em> in the
 * list without reloading the page; in the video tutorials, publish and name a video as a creator, see a bad name
 * rejected, watch it on the home page and see the count rise without reloading. Skips with a loud message when
 * Chromium is missing, but fails in CI ({@code CI=true}), where {@code .ci/run} installs it.
 */
class BrowserEndToEndTest {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_BIN", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"));
    static final Duration WAIT = Duration.ofSeconds(20);

    static HttpTestServer server;
    static WebDriver browser;
    static Path profile;

    static final String MISSING = "Chromium or chromedriver is missing (" + CHROMIUM + ", " + CHROMEDRIVER
            + "): install Debian's 'chromium' and 'chromium-driver' to run the browser test";
    static final boolean PRESENT = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);

    @BeforeAll
    static void start() throws Exception {
        if (!PRESENT) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(MISSING + " (CI=true: failing instead of skipping)");
            }
            return;
        }
        server = DemoTesting.start(DemoTesting.settings().withTranscodeDelay(Duration.ofMillis(300)), new RecordingMailer());
        profile = Files.createTempDirectory("microlith-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1200,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .withLogFile(new File(System.getProperty("java.io.tmpdir"), "microlith-chromedriver.log")).build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Counted as a skipped test, with the reason, in the build's summary (the output goes to a file). */
    @BeforeEach
    void requireChromium() {
        if (!PRESENT) {
            System.err.println("\n*** SKIPPING BrowserEndToEndTest: " + MISSING + " ***\n");
        }
        Assumptions.assumeTrue(PRESENT, "SKIPPED LOUDLY: " + MISSING);
        browser.get(server.uri("/shop.html").toString());
        browser.manage().deleteAllCookies(); // each test starts logged out
    }

    private WebElement waitFor(By by) {
        return new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private void waitForText(By by, String text) {
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    private void type(String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    /** Registers {@code email} as {@code role} with the page's forms, and logs in with the address the page fills in. */
    private void registerAndLogIn(String email, String role) {
        type("register-email", email);
        type("register-password", DemoTesting.PASSWORD);
        new Select(browser.findElement(By.id("register-role"))).selectByValue(role);
        browser.findElement(By.id("register-submit")).click();
        waitForText(By.id("register-result"), "Registered " + email);
        // The page fills the login form in for a newly registered address.
        assertThat(browser.findElement(By.id("login-email")).getAttribute("value")).isEqualTo(email);
        type("login-password", DemoTesting.PASSWORD);
        browser.findElement(By.id("login-submit")).click();
    }

    @Test
    void registers_logs_in_places_an_order_and_sees_it_placed_without_reloading() {
        String email = DemoTesting.newEmail("browser");
        browser.get(server.uri("/shop.html").toString());

        registerAndLogIn(email, "seller");
        waitForText(By.id("me"), "Logged in as " + email + " (seller)");
        waitForText(By.id("live"), "live (WebSocket)");

        waitFor(By.id("product-name"));
        type("product-name", "Browser tea");
        type("product-price", "3.10");
        browser.findElement(By.id("product-submit")).click();
        waitForText(By.id("product-result"), "Added Browser tea");
        waitForText(By.id("order-product"), "Browser tea");

        // A marker in the page's memory: still there at the end means the page was never reloaded.
        ((JavascriptExecutor) browser).executeScript("window.microlithMarker = 'same page';");
        new Select(browser.findElement(By.id("order-product"))).selectByVisibleText("Browser tea (3.10)");
        browser.findElement(By.id("order-add")).click();
        browser.findElement(By.id("order-submit")).click();
        waitForText(By.id("order-result"), "Order accepted");

        By status = By.cssSelector("#orders tbody tr td.status");
        waitForText(status, "placed");
        WebElement row = browser.findElement(By.cssSelector("#orders tbody tr"));
        assertThat(row.getText()).contains("Browser tea").contains("3.10").contains("placed");
        assertThat(((JavascriptExecutor) browser).executeScript("return window.microlithMarker;")).isEqualTo("same page");
        screenshot("browser-test-placed.png");
    }

    @Test
    void publishes_and_names_a_video_sees_a_bad_name_rejected_and_watches_it_raising_the_count_without_reloading() {
        String email = DemoTesting.newEmail("creator");
        browser.get(server.uri("/account.html?next=/creators").toString());
        registerAndLogIn(email, "customer");
        waitForText(By.id("me"), "Logged in as " + email);
        assertThat(browser.getCurrentUrl()).endsWith("/creators");

        type("publish-source", "https://example.org/browser-intro.mp4");
        browser.findElement(By.id("publish-submit")).click();
        waitForText(By.id("publish-result"), "Publishing");
        waitForText(By.cssSelector("#my-videos tbody tr td.status"), "published");
        browser.findElement(By.cssSelector("#my-videos tbody tr button.name-video")).click();
        type("name-input", "Browser intro");
        browser.findElement(By.id("name-submit")).click();
        waitForText(By.id("name-result"), "Named “Browser intro”");
        waitForText(By.cssSelector("#my-videos tbody tr td.name"), "Browser intro");

        type("name-input", "x".repeat(101));
        browser.findElement(By.id("name-submit")).click();
        waitForText(By.id("name-result"), "Rejected: a name must be at most 100 characters, was 101 (name)");
        assertThat(browser.findElement(By.id("name-result")).getAttribute("class")).contains("error");

        browser.get(server.uri("/").toString());
        waitForText(By.id("live"), "live (WebSocket)");
        By watch = By.xpath("//table[@id='videos']//tr[td[@class='name' and text()='Browser intro']]//button");
        waitFor(watch);
        long before = Long.parseLong(browser.findElement(By.id("videos-watched")).getText());
        ((JavascriptExecutor) browser).executeScript("window.microlithMarker = 'same page';");

        browser.findElement(watch).click();

        waitForText(By.id("watch-result"), "Watching “Browser intro”");
        waitForText(By.id("videos-watched"), Long.toString(before + 1));
        waitForText(By.id("most-watched"), "Browser intro — 1 view");
        assertThat(((JavascriptExecutor) browser).executeScript("return window.microlithMarker;")).isEqualTo("same page");
        screenshot("browser-test-watched.png");

        // the creator's analytics: a bar chart drawn from the JSON, one bar per day, today's bar showing the viewing
        browser.get(server.uri("/creators").toString());
        waitFor(By.cssSelector("#my-videos tbody tr button.show-analytics")).click();
        waitFor(By.cssSelector("#chart rect.bar[data-views='1']"));
        assertThat(browser.findElements(By.cssSelector("#chart rect.bar"))).hasSize(14);
        screenshot("browser-test-analytics.png");
    }

    /** Keeps a picture of the page in the build folder, for a person to look at. */
    private static void screenshot(String name) {
        try {
            Path dir = Path.of(System.getenv().getOrDefault("MICROLITH_BUILD_DIR", "target"));
            byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
            Files.write(dir.resolve(name), png);
        } catch (Exception e) {
            System.err.println("Could not save a screenshot: " + e);
        }
    }
}
