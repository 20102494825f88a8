package fakebank.bank;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Closing several resources so that every one is closed and the first failure is the one reported. */
final class Closeables {
    interface Closer {
        void close() throws Exception;
    }

    private Closeables() {
    }

    /** Closes every resource, rethrowing {@code failure} (or the first close failure) afterwards. */
    static void closeAll(RuntimeException failure, Closer first, AutoCloseable... rest) {
        RuntimeException error = failure;
        List<Closer> closers = new ArrayList<>();
        closers.add(first);
        for (AutoCloseable c : rest) {
            if (c != null) {
                closers.add(c::close);
            }
        }
        for (Closer c : closers) {
            try {
                c.close();
            } catch (Exception e) {
                if (error == null) {
                    error = e instanceof RuntimeException re ? re : new UncheckedIOException(
                            e instanceof IOException io ? io : new IOException(e));
                } else if (error != e) {
                    error.addSuppressed(e);
                }
            }
        }
        if (error != null && error != failure) {
            throw error;
        }
        if (failure != null) {
            throw failure;
        }
    }
}
