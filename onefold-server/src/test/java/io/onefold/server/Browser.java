package io.onefold.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The system's headless Chromium, driven through its chromedriver (Debian: {@code chromium}, {@code chromium-driver}),
 * with the few steps the console tests repeat. Both binaries are named explicitly — {@code ONEFOLD_CHROMIUM} /
 * {@code ONEFOLD_CHROMEDRIVER} or the Debian paths — so Selenium never tries to download one. Without a browser the
 * tests are skipped by a JUnit assumption that says what to install; they never pass silently.
 */
final class Browser implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final ChromeDriver driver;
    private final Path profileDir;
    private final WebDriverWait wait;

    private Browser(ChromeDriver driver, Path profileDir) {
        this.driver = driver;
        this.profileDir = profileDir;
        this.wait = new WebDriverWait(driver, WAIT);
    }

    /** A fresh browser (new user-data directory, so no state carries over), or the test is skipped when there is none. */
    static Browser start() {
        Optional<Path> chromium = executable("ONEFOLD_CHROMIUM", "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
        Optional<Path> driverBinary = executable("ONEFOLD_CHROMEDRIVER", "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
        assumeTrue(chromium.isPresent() && driverBinary.isPresent(),
                "no headless browser: install Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver), "
                        + "or point ONEFOLD_CHROMIUM and ONEFOLD_CHROMEDRIVER at a Chromium and its chromedriver, to run the console tests");
        System.setProperty("webdriver.chrome.driver", driverBinary.get().toString());
        try {
            Path profile = Files.createTempDirectory("onefold-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(chromium.get().toFile());
            // The machine's closed network otherwise slows Chromium's start (update checks, sync, QUIC probes).
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                    "--user-data-dir=" + profile, "--window-size=1440,1100", "--lang=en-US");
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driverBinary.get().toFile()).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(WAIT);
            return new Browser(driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> executable(String env, String... defaults) {
        String given = System.getenv(env);
        Stream<String> candidates = given != null && !given.isBlank() ? Stream.of(given) : Stream.of(defaults);
        return candidates.map(Path::of).filter(Files::isExecutable).findFirst();
    }

    void open(URI uri) {
        driver.get(uri.toString());
    }

    void size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** The element a CSS selector names, once it is visible. */
    WebElement find(String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /** An element by its {@code data-test} name. */
    WebElement test(String name) {
        return find("[data-test='" + name + "']");
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    void click(String css) {
        WebElement e = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(css)));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", e);
        e.click();
    }

    void clickTest(String name) {
        click("[data-test='" + name + "']");
    }

    /** Clears a field and types into it. */
    void type(WebElement field, String text) {
        field.clear();
        field.sendKeys(text);
    }

    void typeTest(String name, String text) {
        type(test(name), text);
    }

    /** Clicks the link or button whose visible text is exactly {@code text} (the first one). */
    void clickText(String text) {
        WebElement e = wait.until(ExpectedConditions.elementToBeClickable(By.xpath(
                "//*[(self::a or self::button or self::summary) and normalize-space(.)=" + xpathLiteral(text) + "]")));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", e);
        e.click();
    }

    /** Waits until the element's text contains {@code text}; returns its whole text. */
    String waitText(String css, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
        return driver.findElement(By.cssSelector(css)).getText();
    }

    /** Waits until the page's URL fragment starts with {@code prefix}. */
    void waitHash(String prefix) {
        wait.until(d -> String.valueOf(((JavascriptExecutor) d).executeScript("return location.hash")).startsWith(prefix));
    }

    String hash() {
        return String.valueOf(driver.executeScript("return location.hash"));
    }

    /** The element that has the keyboard focus. */
    WebElement activeElement() {
        return driver.switchTo().activeElement();
    }

    Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    /** Moves the page's clock ({@code Date.now}, what the console reads) forward, until the page is reloaded. */
    void advanceClock(Duration by) {
        script("const now = Date.now; Date.now = () => now() + arguments[0];", by.toMillis());
    }

    /** Confirms the open confirmation dialog. */
    void confirm() {
        click("dialog[open] [data-test='confirm']");
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("dialog[open]")));
    }

    /**
     * Saves a screenshot of the page as {@code target/console-screenshots/<name>.png}, and — when the build runs with
     * {@code -Donefold.console.screenshots=update} — as {@code docs/console/<name>.png}, the copies the README shows.
     */
    void screenshot(String name) {
        screenshot(name, null);
    }

    /** A screenshot with the element {@code css} names scrolled to the top of the window (null: the page's top). */
    void screenshot(String name, String css) {
        if (css == null) driver.executeScript("window.scrollTo(0, 0)");
        else driver.executeScript("arguments[0].scrollIntoView({block: 'start'})", find(css));
        try {
            byte[] png = driver.getScreenshotAs(OutputType.BYTES);
            Path target = Path.of("target", "console-screenshots");
            Files.createDirectories(target);
            Files.write(target.resolve(name + ".png"), png);
            if ("update".equals(System.getProperty("onefold.console.screenshots"))) {
                Path docs = io.onefold.core.testing.Fixtures.examples().getParent().getParent().resolve("docs/console");
                Files.createDirectories(docs);
                Files.write(docs.resolve(name + ".png"), png);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that every visible form control has an accessible name (a label, aria-label or aria-labelledby). */
    void assertLabelled() {
        Object unlabelled = driver.executeScript("""
                return [...document.querySelectorAll('input, select, textarea, button')]
                  .filter(e => e.offsetParent !== null && e.type !== 'hidden')
                  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby')
                               && !(e.tagName === 'BUTTON' && e.textContent.trim()))
                  .map(e => e.outerHTML.slice(0, 120));""");
        org.assertj.core.api.Assertions.assertThat((List<?>) unlabelled).as("controls without an accessible name").isEmpty();
    }

    /** Errors the page logged (an uncaught exception, a CSP violation): a console test wants none. */
    @SuppressWarnings("unchecked")
    List<String> pageErrors() {
        Object errors = driver.executeScript("return window.__consoleErrors || []");
        return (List<String>) errors;
    }

    private static String xpathLiteral(String s) {
        if (!s.contains("'")) return "'" + s + "'";
        return "concat('" + s.replace("'", "', \"'\", '") + "')";
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profileDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a leftover temp directory is harmless
            }
        }
    }
}
