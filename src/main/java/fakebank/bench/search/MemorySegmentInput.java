package fakebank.bench.search;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Optional;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.MemorySegmentAccessInput;

/**
 * A Lucene {@link IndexInput} over one memory segment (little-endian, as Lucene writes). It implements
 * {@link MemorySegmentAccessInput}, which is what lets Lucene's Panama vector scorer compute dot products straight
 * on the segment, as it does on MMapDirectory's inputs. The input made with an arena owns it and frees the memory on
 * close; its clones and slices share the memory and close nothing, as Lucene expects of clones.
 */
final class MemorySegmentInput extends IndexInput implements MemorySegmentAccessInput {
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(
            ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(
            ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment segment;
    /** Null for clones and slices. */
    private final Arena owned;
    private long pos;

    MemorySegmentInput(String description, MemorySegment segment, Arena owned) {
        super(description);
        this.segment = segment;
        this.owned = owned;
    }

    @Override
    public byte readByte() throws IOException {
        try {
            return segment.get(ValueLayout.JAVA_BYTE, pos++);
        } catch (IndexOutOfBoundsException e) {
            pos--;
            throw eof(1);
        }
    }

    @Override
    public void readBytes(byte[] b, int offset, int len) throws IOException {
        copy(len, 1);
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, pos, b, offset, len);
        pos += len;
    }

    @Override
    public short readShort() throws IOException {
        short v = readShort(pos);
        pos += 2;
        return v;
    }

    @Override
    public int readInt() throws IOException {
        int v = readInt(pos);
        pos += 4;
        return v;
    }

    @Override
    public long readLong() throws IOException {
        long v = readLong(pos);
        pos += 8;
        return v;
    }

    @Override
    public void readFloats(float[] dst, int offset, int len) throws IOException {
        copy(len, 4);
        MemorySegment.copy(segment, FLOAT, pos, dst, offset, len);
        pos += 4L * len;
    }

    @Override
    public void readInts(int[] dst, int offset, int len) throws IOException {
        copy(len, 4);
        MemorySegment.copy(segment, INT, pos, dst, offset, len);
        pos += 4L * len;
    }

    @Override
    public void readLongs(long[] dst, int offset, int len) throws IOException {
        copy(len, 8);
        MemorySegment.copy(segment, LONG, pos, dst, offset, len);
        pos += 8L * len;
    }

    private void copy(int count, int width) throws EOFException {
        if (count < 0 || pos + (long) count * width > segment.byteSize()) {
            throw eof((long) count * width);
        }
    }

    private EOFException eof(long wanted) {
        return new EOFException("read past EOF: " + wanted + " bytes at " + pos + " of " + segment.byteSize() + " in "
                + this);
    }

    @Override
    public byte readByte(long at) throws IOException {
        return get(at, 1) ? segment.get(ValueLayout.JAVA_BYTE, at) : 0;
    }

    @Override
    public short readShort(long at) throws IOException {
        return get(at, 2) ? segment.get(SHORT, at) : 0;
    }

    @Override
    public int readInt(long at) throws IOException {
        return get(at, 4) ? segment.get(INT, at) : 0;
    }

    @Override
    public long readLong(long at) throws IOException {
        return get(at, 8) ? segment.get(LONG, at) : 0;
    }

    /** True when {@code width} bytes at {@code at} are inside; throws EOFException otherwise. */
    private boolean get(long at, int width) throws EOFException {
        if (at < 0 || at + width > segment.byteSize()) {
            throw new EOFException("read past EOF: " + width + " bytes at " + at + " of " + segment.byteSize()
                    + " in " + this);
        }
        return true;
    }

    @Override
    public MemorySegment segmentSliceOrNull(long at, long length) {
        return at < 0 || length < 0 || at + length > segment.byteSize() ? null : segment.asSlice(at, length);
    }

    @Override
    public long getFilePointer() {
        return pos;
    }

    @Override
    public void seek(long to) throws IOException {
        if (to < 0 || to > segment.byteSize()) {
            throw new EOFException("seek to " + to + " outside 0.." + segment.byteSize() + " in " + this);
        }
        pos = to;
    }

    @Override
    public long length() {
        return segment.byteSize();
    }

    @Override
    public IndexInput slice(String description, long offset, long length) throws IOException {
        if (offset < 0 || length < 0 || offset + length > segment.byteSize()) {
            throw new IllegalArgumentException("slice " + offset + "+" + length + " outside " + segment.byteSize()
                    + " in " + this);
        }
        return new MemorySegmentInput(description, segment.asSlice(offset, length), null);
    }

    @Override
    public MemorySegmentInput clone() {
        MemorySegmentInput c = new MemorySegmentInput(toString(), segment, null);
        c.pos = pos;
        return c;
    }

    @Override
    public Optional<Boolean> isLoaded() {
        return Optional.of(true);
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.close();
        }
    }
}
