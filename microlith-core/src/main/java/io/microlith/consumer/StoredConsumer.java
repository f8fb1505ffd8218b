package io.microlith.consumer;

import io.microlith.internal.runtime.Categories;
import io.microlith.message.StreamName;
import io.microlith.store.CategorySummary;
import io.microlith.store.MessageStore;
import io.microlith.store.StoreBrowser;
import io.microlith.store.StreamSummary;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A consumer as the store knows it, whatever process runs it (or none): the consumer of {@code category} named
 * {@code name} that keeps its position in {@code <category>:position-<name>} and parks messages in
 * {@code <category>:parked-<name>} (for a member of a group, {@code name} ends with {@code +<member>}). Found from
 * those streams by {@link #find}, for tools that look at a store from outside (the command line), and read without
 * writing anything: {@link #lag} and {@link #parked} are what the running consumer itself would report, as of its
 * last saved position.
 *
 * @param category the category the consumer reads
 * @param name     its name ({@code name+member} for a member of a consumer group)
 */
public record StoredConsumer(String category, String name) implements Comparable<StoredConsumer> {
    private static final String POSITION = "position";
    private static final String PARKED = "parked";

    public StoredConsumer {
        StreamName.requireCategory(category);
        Objects.requireNonNull(name, "name");
    }

    /**
     * Every consumer that saved a position or parked a message in the store, by category then name. Lists the
     * store's categories and the streams of its position and dead-letter categories (see {@link StoreBrowser}).
     */
    public static List<StoredConsumer> find(StoreBrowser browser) {
        TreeSet<StoredConsumer> found = new TreeSet<>();
        for (CategorySummary summary : browser.categories()) {
            String category = summary.category();
            String base = baseOf(category, POSITION) != null ? baseOf(category, POSITION) : baseOf(category, PARKED);
            if (base == null) {
                continue;
            }
            long before = Long.MAX_VALUE;
            List<StreamSummary> page;
            do {
                page = browser.streams(category, before, StoreBrowser.MAX_LIMIT);
                for (StreamSummary stream : page) {
                    stream.streamName().id().ifPresent(id -> found.add(new StoredConsumer(base, id)));
                }
                before = page.isEmpty() ? before : page.getLast().lastGlobalPosition();
            } while (page.size() == StoreBrowser.MAX_LIMIT);
        }
        return List.copyOf(found);
    }

    /** The category a toolkit stream of {@code type} belongs beside ({@code order} for {@code order:position}), or null. */
    private static String baseOf(String category, String type) {
        for (String separator : new String[]{":", "+"}) {
            String suffix = separator + type;
            if (category.endsWith(suffix) && category.length() > suffix.length()) {
                String base = category.substring(0, category.length() - suffix.length());
                // '+' joins a further type only after a category type (order:command+position)
                return separator.equals("+") && base.indexOf(':') < 0 ? null : base;
            }
        }
        return null;
    }

    /** The stream the consumer keeps its position in. */
    public StreamName positionStream() {
        return Categories.stream(category, POSITION, name);
    }

    /** The consumer's dead-letter stream. */
    public StreamName parkedStream() {
        return Categories.stream(category, PARKED, name);
    }

    /** How far behind its category the consumer is, from its saved position ({@link ConsumerLag#measure}). */
    public ConsumerLag lag(MessageStore store) {
        return ConsumerLag.measure(store, category, name);
    }

    /** Its parked messages that are not yet retried or skipped, in global order, read from its dead-letter stream. */
    public List<ParkedMessage> parked(MessageStore store) {
        ParkingLot lot = new ParkingLot(store, parkedStream());
        lot.load();
        return lot.list();
    }

    @Override
    public int compareTo(StoredConsumer other) {
        int byCategory = category.compareTo(other.category);
        return byCategory != 0 ? byCategory : name.compareTo(other.name);
    }
}
