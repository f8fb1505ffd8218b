package io.microlith.postgres;

/**
 * When the messages of a write become visible to readers, relative to their flush to the write-ahead log.
 * Either way a write returns only once its messages are flushed (durable), and no reader skips (readers stop
 * at the read fence, decision 0099). The modes differ in how long each transaction holds its stream locks,
 * and so in throughput, and in what a crash of the database server can take back.
 */
public enum CommitMode {
    /**
     * The default, message-db's semantics: a transaction commits synchronously, holding its locks until its WAL
     * flush is done. Readers only ever see flushed messages. Writers of other streams commit meanwhile and share
     * the flush (per process, concurrent writes are also combined into one transaction).
     */
    FLUSHED,
    /**
     * Microlith's own writes commit asynchronously ({@code synchronous_commit = off} for their transaction),
     * so its locks are released as soon as the commit is recorded, and the next transaction proceeds
     * while this one's WAL is flushed; the write returns after a flush barrier (a synchronous commit issued
     * after it, whose flush covers it). Flushes of many writers and processes overlap, as with group commit.
     * The price: readers may see a message up to one flush before it is durable. If the database server
     * itself crashes (not a client) in that window, such a message can vanish although a reader saw it; its
     * writer was not yet told it was written, and retries it with the same ids. Writes by message-db clients
     * ({@code write_message} in their own transactions) are not affected and stay synchronous.
     */
    PIPELINED;

    static CommitMode parse(String value) {
        return switch (value.toLowerCase()) {
            case "flushed" -> FLUSHED;
            case "pipelined" -> PIPELINED;
            default -> throw new IllegalArgumentException("commit must be 'flushed' or 'pipelined', got '" + value + "'");
        };
    }
}
