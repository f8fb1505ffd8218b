package io.microlith.demo.videos;

import io.microlith.demo.text.PlainText;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The video tutorials' rules, as pure functions. */
public final class VideoRules {
    /** The name of a video its owner has not named yet. */
    public static final String UNTITLED = "Untitled";
    /** The longest name, in characters. */
    public static final int MAX_NAME = 100;
    /** The longest source address accepted. */
    public static final int MAX_SOURCE = 2000;
    /** The formats the transcoder reads, by file extension. */
    public static final List<String> FORMATS = List.of("mp4", "mov", "webm", "mkv", "m4v", "avi", "ogv");

    private VideoRules() {
    }

    /** Why {@code name} cannot name a video, if it cannot: empty, over {@value #MAX_NAME} characters, or hidden characters. */
    public static Optional<String> nameProblem(String name) {
        return PlainText.problem("a name", name, MAX_NAME);
    }

    /** A name as kept: without surrounding blanks. */
    public static String normalizeName(String name) {
        return name.strip();
    }

    /**
     * The tag of the videos one creator named {@code name} (decision 0084): a name is unique per creator, compared
     * without regard to case, so the tag holds the owner and the name in lower case. Carried by every
     * {@code VideoNamed} that gives or gives up that name.
     */
    public static String nameTag(String ownerId, String name) {
        return "video-name:" + ownerId + ":" + normalizeName(name).toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Why {@code source} cannot be where a video was uploaded, if it cannot: it must be an absolute {@code http} or
     * {@code https} address with a host, of at most {@value #MAX_SOURCE} characters, without blanks or hidden characters.
     */
    public static Optional<String> sourceProblem(String source) {
        if (source == null || source.isBlank()) {
            return Optional.of("sourceUri is required: the address of the uploaded video");
        }
        if (source.length() > MAX_SOURCE) {
            return Optional.of("sourceUri must be at most " + MAX_SOURCE + " characters, was " + source.length());
        }
        if (PlainText.hasHiddenCharacters(source) || source.chars().anyMatch(Character::isWhitespace)) {
            return Optional.of("sourceUri must not contain blanks, control or invisible characters");
        }
        try {
            URI uri = new URI(source);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                return Optional.of("sourceUri must be an http or https address such as https://example.org/talk.mp4");
            }
        } catch (URISyntaxException e) {
            return Optional.of("sourceUri is not an address: " + e.getReason());
        }
        return Optional.empty();
    }

    /** Why the transcoder cannot read the video at {@code source}, if it cannot: its extension is not one of {@link #FORMATS}. */
    public static Optional<String> formatProblem(String source) {
        String path = URI.create(source).getPath();
        String file = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        int dot = file.lastIndexOf('.');
        String extension = dot < 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (FORMATS.contains(extension)) {
            return Optional.empty();
        }
        return Optional.of((extension.isEmpty() ? "the file has no extension" : "'." + extension + "' is not a video format")
                + "; upload one of " + String.join(", ", FORMATS));
    }
}
