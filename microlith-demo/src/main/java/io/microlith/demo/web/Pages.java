package io.microlith.demo.web;

import io.javalin.Javalin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The web pages at paths without {@code .html}: {@code /creators} answers {@code /web/creators.html}. */
public final class Pages {
    private Pages() {
    }

    /** Answers GET {@code path} with the page {@code file} of the classpath folder {@code /web}. */
    public static void mount(Javalin app, String path, String file) {
        String html = read("/web/" + file);
        app.get(path, ctx -> ctx.html(html));
    }

    /** The classpath resource {@code resource} as text, e.g. a page to answer with a status of its own. */
    public static String read(String resource) {
        try (InputStream in = Pages.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The page " + resource + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the page " + resource, e);
        }
    }
}
