package io.microlith.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.Locale;

/**
 * Progress on standard error: a bar redrawn in place on a terminal, one line per step in a log ({@code lines}), or
 * nothing. Standard output stays for the result (text or {@code --json}).
 */
final class ProgressBar implements AutoCloseable {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000;

    /** How progress is shown; {@code auto} draws a bar on a terminal and shows nothing otherwise. */
    enum Mode { AUTO, BAR, LINES, NONE }

    private final PrintWriter err;
    private final Mode mode;
    private long lastDrawn;
    private boolean drawn;

    ProgressBar(PrintWriter err, Mode mode) {
        this.err = err;
        this.mode = mode == Mode.AUTO ? (isTerminal() ? Mode.BAR : Mode.NONE) : mode;
    }

    /** Shows how far a step is: {@code fraction} of 0 to 1 and what it has done. */
    void update(String step, double fraction, String detail) {
        switch (mode) {
            case BAR -> {
                long now = System.nanoTime();
                if (drawn && fraction < 1 && now - lastDrawn < REDRAW_NANOS) {
                    return;
                }
                lastDrawn = now;
                drawn = true;
                int filled = (int) Math.round(Math.max(0, Math.min(1, fraction)) * WIDTH);
                err.print("\r" + String.format(Locale.ROOT, "%-10s [%s%s] %3d%%  %s", step, "#".repeat(filled),
                        " ".repeat(WIDTH - filled), Math.round(fraction * 100), detail) + "\u001b[K");
                err.flush();
            }
            case LINES -> {
                err.println(String.format(Locale.ROOT, "%s %d%% %s", step, Math.round(fraction * 100), detail));
                err.flush();
            }
            default -> {
            }
        }
    }

    @Override
    public void close() {
        if (mode == Mode.BAR && drawn) {
            err.println();
            err.flush();
        }
    }

    /** Whether standard output and error are a terminal ({@code Console.isTerminal()} from JDK 22, else a console). */
    private static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // before JDK 22 a console exists only on a terminal
        }
    }
}
