package net.cpmpf.delivery.store;

/**
 * Makes a Conversation-ID usable as one level of an IMAP folder name. The hierarchy separator ({@code .} or {@code
 * /}, depending on the server), LIST wildcards ({@code *}, {@code %}), quotes and control characters would change the
 * folder's meaning or break commands, so everything but letters, digits and {@code - _ @ + =} becomes {@code _}.
 * Two ids differing only there share a folder; real Conversation-IDs (UUIDs and tokens) are not affected.
 */
final class FolderNames {

    /** Bounds the folder name whatever the sender puts in the header. */
    static final int MAX_LENGTH = 128;

    private FolderNames() {}

    /** The safe form of {@code name}, empty if nothing is left of it. */
    static String segment(String name) {
        String trimmed = name.strip();
        var safe = new StringBuilder(Math.min(trimmed.length(), MAX_LENGTH));
        for (int i = 0; i < trimmed.length() && safe.length() < MAX_LENGTH; i++) {
            char c = trimmed.charAt(i);
            boolean allowed =
                    c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-_@+=".indexOf(c) >= 0;
            safe.append(allowed ? c : '_');
        }
        return safe.toString();
    }
}
