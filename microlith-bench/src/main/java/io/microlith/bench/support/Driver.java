package io.microlith.bench.support;

/** A load driver runnable from the benchmark jar's command line: {@code java -jar microlith-bench.jar <name> [options]}. */
public interface Driver {

    /** One line for the usage text. */
    String description();

    /** Runs the driver; {@code options} are the arguments after its name. */
    void run(Options options) throws Exception;
}
