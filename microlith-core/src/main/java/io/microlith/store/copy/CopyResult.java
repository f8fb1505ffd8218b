package io.microlith.store.copy;

/**
 * What a {@link StoreCopy} did and found.
 *
 * @param resumedAfter    the target's head before the copy (0 for an empty target): everything up to it was there
 *                        already, and was found identical to the source
 * @param copied          messages imported by this run
 * @param until           the source's head when the copy started; messages written to the source after it are not
 *                        copied (run the copy again to bring them over)
 * @param sourceMessages  messages of the source up to {@code until}
 * @param targetMessages  messages of the target up to {@code until}, read back at the end
 * @param sourceChecksum  {@link MessageChecksum} of those source messages
 * @param targetChecksum  {@link MessageChecksum} of those target messages
 */
public record CopyResult(long resumedAfter, long copied, long until, long sourceMessages, long targetMessages,
                         String sourceChecksum, String targetChecksum) {

    /** Whether the target holds exactly the source's messages up to {@link #until()}: counts and checksums equal. */
    public boolean verified() {
        return sourceMessages == targetMessages && sourceChecksum.equals(targetChecksum);
    }
}
