package fakebank.bank;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A file that only grows (or is emptied). An append that fails part-way (disk full) is cut off again, so a failed
 * write leaves no fragment for the next one to be glued onto. Not thread-safe: the bank's write lock serialises
 * callers.
 */
final class AppendOnlyFile implements Closeable {
    private final Path path;
    private final FileChannel channel;

    AppendOnlyFile(Path path) {
        this.path = path;
        try {
            this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + path, e);
        }
    }

    Path path() {
        return path;
    }

    /** Writes newline-terminated UTF-8 lines at the end; see {@link #append(byte[])}. */
    long appendLines(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            sb.append(line).append('\n');
        }
        return append(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes the bytes at the end of the file and returns the size before them (to {@link #truncateTo} if a later
     * step fails); durable only after {@link #sync()}. On failure the file is cut back to that size.
     */
    long append(byte[] bytes) {
        long start = size();
        if (bytes.length == 0) {
            return start;
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        try {
            long pos = start;
            while (buf.hasRemaining()) {
                pos += channel.write(buf, pos);
            }
        } catch (IOException e) {
            UncheckedIOException failure = new UncheckedIOException("cannot append to " + path, e);
            truncateQuietly(start, failure);
            throw failure;
        }
        return start;
    }

    void sync() {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync " + path, e);
        }
    }

    /** Cuts the file back to {@code size} (undoing appends whose sync failed); failures join {@code failure}. */
    void truncateQuietly(long size, Exception failure) {
        try {
            channel.truncate(size);
            channel.force(false);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    byte[] readAll() {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    long size() {
        try {
            return channel.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** Empties the file durably. */
    void truncate() {
        try {
            channel.truncate(0);
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot truncate " + path, e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + path, e);
        }
    }
}
