package io.microlith.bench.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;

/**
 * Measures the disk's fsync rate the way a write-ahead log uses it: append a 4 KiB block, force it to the
 * disk ({@link FileChannel#force(boolean) force(false)}, i.e. {@code fdatasync}, what SQLite calls on
 * Linux), repeat. The rate times the messages per commit bounds a store that fsyncs every commit.
 */
public final class FsyncProbe {

    /** @param perSecond fsync'd writes per second; latencies in nanoseconds */
    public record Result(int writes, double perSecond, long p50Nanos, long p99Nanos) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,d fsync'd 4 KiB writes: %,.0f/s (p50 %.0f µs, p99 %.0f µs)",
                    writes, perSecond, p50Nanos / 1e3, p99Nanos / 1e3);
        }
    }

    private FsyncProbe() {
    }

    public static Result measure(Path directory, int writes) throws IOException {
        Path file = Files.createTempFile(directory, "fsync-probe", ".bin");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer block = ByteBuffer.allocateDirect(4096);
            long[] latencies = new long[writes];
            long start = System.nanoTime();
            for (int i = 0; i < writes; i++) {
                long t0 = System.nanoTime();
                block.clear();
                block.putLong(0, i);
                channel.write(block, (long) i * 4096);
                channel.force(false);
                latencies[i] = System.nanoTime() - t0;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(latencies);
            return new Result(writes, writes / seconds, Latencies.percentile(latencies, 50),
                    Latencies.percentile(latencies, 99));
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
