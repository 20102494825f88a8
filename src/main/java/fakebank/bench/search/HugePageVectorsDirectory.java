package fakebank.bench.search;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;

/**
 * A directory that serves the raw float vector files ({@code .vec}, read at random by every HNSW hop) from
 * anonymous huge-page memory ({@link HugePageMemory}) and every other file as {@code in} does. Costs a copy of the
 * vectors in RAM beside the page cache; opening a 1M x 768 segment copies 3 GB.
 */
final class HugePageVectorsDirectory extends FilterDirectory {
    private final Path dir;

    HugePageVectorsDirectory(FSDirectory in) {
        super(in);
        this.dir = in.getDirectory();
    }

    @Override
    public IndexInput openInput(String name, IOContext context) throws IOException {
        if (!name.endsWith(".vec")) {
            return super.openInput(name, context);
        }
        ensureOpen();
        Arena arena = Arena.ofShared();
        try {
            return new MemorySegmentInput("huge pages (" + dir.resolve(name) + ")",
                    HugePageMemory.load(dir.resolve(name), arena), arena);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }
}
