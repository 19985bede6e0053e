package dev.tickvault.support;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Debian's Chromium (package {@code chromium}) driven headless through Playwright, for tests of the dashboard
 * in a real browser. Playwright never downloads a browser here ({@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1}):
 * it launches {@code /usr/bin/chromium} by its path, with a fresh, empty user-data directory removed on
 * {@link #close()}, and flags that keep the browser off the network (no QUIC, no background, component or
 * sync traffic) and fit a container (no sandbox, no GPU). Without Chromium the test is skipped, or fails in
 * CI ({@link Tools#require}).
 */
public final class Browser implements AutoCloseable {

    /** The flags every launch uses. */
    public static final List<String> FLAGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");

    private static final Map<String, String> NO_DOWNLOAD = Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");

    private final Playwright playwright;
    private final BrowserContext context;
    private final Path userDataDir;

    private Browser(Playwright playwright, BrowserContext context, Path userDataDir) {
        this.playwright = playwright;
        this.context = context;
        this.userDataDir = userDataDir;
    }

    /** Launches Chromium with an empty profile and a viewport of {@code width} x {@code height} CSS pixels. */
    public static Browser launch(int width, int height) {
        Path chromium = Tools.require("chromium", "chromium", Path.of("/usr/bin"));
        Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(NO_DOWNLOAD));
        try {
            Path userDataDir = Files.createTempDirectory("tickvault-chromium-");
            BrowserContext context = playwright.chromium().launchPersistentContext(userDataDir,
                    new BrowserType.LaunchPersistentContextOptions()
                            .setExecutablePath(chromium)
                            .setHeadless(true)
                            .setArgs(FLAGS)
                            .setEnv(NO_DOWNLOAD)
                            .setViewportSize(width, height)
                            .setTimezoneId("UTC")
                            .setLocale("en-US"));
            context.setDefaultTimeout(20_000);
            return new Browser(playwright, context, userDataDir);
        } catch (IOException e) {
            playwright.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    /** The browser's one context: every page opened in it starts with empty session storage. */
    public BrowserContext context() {
        return context;
    }

    @Override
    public void close() {
        try {
            context.close();
        } finally {
            playwright.close();
            deleteQuietly(userDataDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A profile left in the temp directory harms nothing.
        }
    }
}
