package io.microlith.demo.web;

import io.microlith.demo.DemoApp;
import io.microlith.demo.DemoTesting;
import io.microlith.demo.admin.FlakyConsumer;
import io.microlith.demo.RecordingMailer;
import io.microlith.testkit.http.HttpTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web pages in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}), driven by
 * Selenium: in the shop, register, log in, add a product, place an order, and see it turn <em>placed</em> in the
 * list without reloading the page; in the video tutorials, publish and name a video as a creator, see a bad name
 * rejected, watch it on the home page and see the count rise without reloading; as the operator, confirm the
 * administrator code, place an order, open its correlation chain from the order page and retry a parked message in the
 * admin portal (its screenshots are the demo README's). Skips with a loud message when
 * Chromium is missing, but fails in CI ({@code CI=true}), where {@code .ci/run} installs it.
 */
class BrowserEndToEndTest {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_BIN", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"));
    static final Duration WAIT = Duration.ofSeconds(20);

    static final String ADMIN = DemoTesting.newEmail("operator");
    static DemoApp app;
    static HttpTestServer server;
    static FlakyConsumer flaky;
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
        app = DemoApp.start(DemoTesting.settings().withTranscodeDelay(Duration.ofMillis(300)).withAdmins(Set.of(ADMIN)),
                new RecordingMailer());
        server = HttpTestServer.of(app.port(), app::close);
        flaky = new FlakyConsumer(app);
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
        return patiently().until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private void waitForText(By by, String text) {
        patiently().until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    /**
     * A wait that looks again when the page swapped the element out from under it: a list re-rendered by a live
     * update makes its old nodes stale, and a page that navigated (a login's {@code next=}) makes Chromium answer
     * "Node with given id does not belong to the document", a plain {@link WebDriverException}.
     */
    private static WebDriverWait patiently() {
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.ignoring(StaleElementReferenceException.class);
        wait.ignoring(WebDriverException.class);
        return wait;
    }

    /** Chooses an option by its text, again if a live update re-rendered the list between the find and the choice. */
    private void choose(String selectId, String optionText) {
        patiently().until(d -> {
            new Select(d.findElement(By.id(selectId))).selectByVisibleText(optionText);
            return optionText.equals(new Select(d.findElement(By.id(selectId))).getFirstSelectedOption().getText());
        });
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
        choose("order-product", "Browser tea (3.10)");
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

    @Test
    void the_operator_follows_an_orders_chain_from_the_order_page_watches_the_consumers_and_retries_a_parked_message() {
        browser.get(server.uri("/shop.html").toString());
        registerAndLogIn(ADMIN, "seller");
        waitForText(By.id("me"), "Logged in as " + ADMIN);

        // the first time, the portal asks for the code the server printed when it started
        browser.get(server.uri("/admin").toString());
        type("code-input", app.admin().administrators().code());
        browser.findElement(By.id("code-submit")).click();
        waitFor(By.id("categories"));
        assertThat(browser.findElement(By.id("categories")).getText()).contains("order:command").contains("admin");
        screenshot("admin-store.png");

        // an order, and its chain from the order page: the command, the event it caused, the consumers that handled them
        browser.get(server.uri("/shop.html").toString());
        waitFor(By.id("product-name"));
        type("product-name", "Traced tea");
        type("product-price", "4.20");
        browser.findElement(By.id("product-submit")).click();
        waitForText(By.id("order-product"), "Traced tea");
        choose("order-product", "Traced tea (4.20)");
        browser.findElement(By.id("order-add")).click();
        browser.findElement(By.id("order-submit")).click();
        waitForText(By.id("order-result"), "Its chain");
        waitForText(By.cssSelector("#orders tbody tr td.status"), "placed");
        browser.findElement(By.cssSelector("#orders tbody tr a.chain-link")).click();
        waitFor(By.cssSelector("#chain li[data-type='PlaceOrder'] li[data-type='OrderPlaced']"));
        assertThat(browser.findElement(By.cssSelector("#chain li[data-type='PlaceOrder'] > div.node")).getText())
                .contains(app.microlith().name() + ".commands (order:command) handled");
        screenshot("admin-chain.png");
        browser.findElement(By.cssSelector("#chain li[data-type='OrderPlaced'] a.type")).click();
        waitFor(By.id("message-data"));
        assertThat(browser.findElement(By.id("message-data")).getText()).contains("Traced tea");
        screenshot("admin-message.png");

        // the consumers, the orders component's lag and throughput drawn live while orders pour in
        Thread load = Thread.ofVirtual().start(BrowserEndToEndTest::placeOrdersInBursts);
        browser.get(server.uri("/admin#/consumer/order:command/" + app.microlith().name() + ".commands").toString());
        waitFor(By.cssSelector("#consumers tbody tr.selected"));
        patiently().until(d -> Integer.parseInt(d.findElement(By.cssSelector("#lag-chart polyline.lag")).getAttribute("data-samples")) >= 6
                        && Double.parseDouble(d.findElements(By.cssSelector("#consumers tr.selected td")).get(6).getText()) >= 5);
        int samples = Integer.parseInt(browser.findElement(By.cssSelector("#lag-chart polyline.lag")).getAttribute("data-samples"));
        patiently().until(d ->
                Integer.parseInt(d.findElement(By.cssSelector("#lag-chart polyline.lag")).getAttribute("data-samples")) >= samples + 2);
        screenshot("admin-consumers.png");
        joinUninterruptibly(load);

        // a message parked while its service was down, retried once it is back
        flaky.down(true);
        String parked = flaky.send();
        browser.get(server.uri("/admin#/parked").toString());
        By row = By.cssSelector("#parked tr[data-message-id='" + parked + "']");
        new WebDriverWait(browser, WAIT).until(d -> {
            d.navigate().refresh();
            return !d.findElements(row).isEmpty();
        });
        assertThat(browser.findElement(row).getText()).contains("the flaky service is down");
        screenshot("admin-parked.png");
        flaky.down(false);
        browser.findElement(row).findElement(By.cssSelector("button.retry")).click();
        waitFor(By.id("confirm"));
        assertThat(browser.findElement(By.id("confirm-text")).getText()).contains("Retry Flaky");
        browser.findElement(By.id("confirm-yes")).click();
        waitForText(By.id("action-result"), "Retried: handled.");
        waitFor(By.id("no-parked"));
        assertThat(flaky.handled()).contains(parked);

        // a view rebuilt from the store, its progress shown until it is done
        browser.get(server.uri("/admin#/views").toString());
        waitFor(By.cssSelector("#views tr[data-view='users'] button.rebuild")).click();
        browser.findElement(By.id("confirm-yes")).click();
        waitForText(By.cssSelector("#views tr[data-view='users']"), "done");
        screenshot("admin-views.png");
    }

    /** Orders from another customer, in bursts of concurrent requests, for a few seconds: the consumers get busy. */
    private static void placeOrdersInBursts() {
        var seller = DemoTesting.loggedIn(server, "loader", "seller");
        String productId = DemoTesting.addProduct(seller, "Bulk tea", "1.00").path("id").asText();
        String order = "{\"products\":[{\"productId\":\"" + productId + "\",\"price\":1.00}]}";
        for (int burst = 0; burst < 12; burst++) {
            List<Thread> posts = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                posts.add(Thread.ofVirtual().start(() -> seller.postJson("/order", order)));
            }
            posts.forEach(BrowserEndToEndTest::joinUninterruptibly);
            try {
                Thread.sleep(400);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void joinUninterruptibly(Thread thread) {
        try {
            thread.join(WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
