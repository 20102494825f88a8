package fakebank.video;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a tool's text output line by line with bounded memory: each line is cut at {@link #MAX_LINE} characters
 * (ffmpeg can print multi-kilobyte hex dumps) and only the last {@link #KEEP} lines are kept for error messages.
 */
final class ProcessOutput {
    static final int MAX_LINE = 512;
    private static final int KEEP = 12;

    private final Deque<String> tail = new ArrayDeque<>();

    /** Reads {@code in} to its end, handing every (cut) line to {@code onLine}; returns this for {@link #tail}. */
    ProcessOutput drain(InputStream in, Consumer<String> onLine) {
        StringBuilder line = new StringBuilder();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    char c = (char) (buf[i] & 0xFF);
                    if (c == '\n' || c == '\r') {
                        emit(line, onLine);
                    } else if (line.length() < MAX_LINE) {
                        line.append(c);
                    }
                }
            }
        } catch (IOException e) {
            // the process was killed or closed its end: what was read so far stands
        }
        emit(line, onLine);
        return this;
    }

    private void emit(StringBuilder line, Consumer<String> onLine) {
        if (line.isEmpty()) {
            return;
        }
        String s = line.toString();
        line.setLength(0);
        synchronized (tail) {
            tail.addLast(s);
            if (tail.size() > KEEP) {
                tail.removeFirst();
            }
        }
        onLine.accept(s);
    }

    /** The last lines read, oldest first. */
    List<String> tail() {
        synchronized (tail) {
            return new ArrayList<>(tail);
        }
    }

    /** Reads at most {@code max} bytes as UTF-8 and discards the rest, so a chatty tool cannot fill memory. */
    static String readBounded(InputStream in, int max) throws IOException {
        byte[] bytes = in.readNBytes(max);
        in.transferTo(OutputStreamSink.INSTANCE);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
