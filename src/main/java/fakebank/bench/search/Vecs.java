package fakebank.bench.search;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Random access to a file in the fvecs or ivecs format (http://corpus-texmex.irisa.fr/): every row is a
 * little-endian int32 dimension followed by that many float32 (fvecs) or int32 (ivecs) values, all rows the same
 * dimension. Reads are positional, so several threads may read rows at once; nothing is held in memory.
 */
public final class Vecs implements AutoCloseable {
    private final FileChannel channel;
    private final Path path;
    private final int dim;
    private final int rows;

    private Vecs(Path path) throws IOException {
        this.path = path;
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
        long size = channel.size();
        if (size < 4) {
            channel.close();
            throw new IllegalArgumentException(path + ": empty, not an fvecs/ivecs file");
        }
        ByteBuffer head = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        channel.read(head, 0);
        this.dim = head.getInt(0);
        long rowBytes = 4L + 4L * dim;
        if (dim < 1 || dim > 65_536 || size % rowBytes != 0) {
            channel.close();
            throw new IllegalArgumentException(path + ": not an fvecs/ivecs file (first dimension " + dim
                    + ", size " + size + " is not a whole number of rows)");
        }
        this.rows = Math.toIntExact(size / rowBytes);
    }

    public static Vecs open(Path path) throws IOException {
        return new Vecs(path);
    }

    public int dim() {
        return dim;
    }

    public int rows() {
        return rows;
    }

    /** Row {@code i} as floats (fvecs). */
    public float[] floats(int i) throws IOException {
        ByteBuffer b = row(i);
        float[] out = new float[dim];
        b.asFloatBuffer().get(out);
        return out;
    }

    /** Row {@code i} as ints (ivecs). */
    public int[] ints(int i) throws IOException {
        ByteBuffer b = row(i);
        int[] out = new int[dim];
        b.asIntBuffer().get(out);
        return out;
    }

    private ByteBuffer row(int i) throws IOException {
        long rowBytes = 4L + 4L * dim;
        ByteBuffer b = ByteBuffer.allocate((int) rowBytes).order(ByteOrder.LITTLE_ENDIAN);
        long pos = i * rowBytes;
        while (b.hasRemaining()) {
            if (channel.read(b, pos + b.position()) < 0) {
                throw new IOException(path + ": truncated at row " + i);
            }
        }
        if (b.getInt(0) != dim) {
            throw new IllegalArgumentException(path + ": row " + i + " has dimension " + b.getInt(0) + ", not " + dim);
        }
        return b.position(4).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Every row as floats. */
    public float[][] allFloats() throws IOException {
        float[][] out = new float[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = floats(i);
        }
        return out;
    }

    /** Every row as ints. */
    public int[][] allInts() throws IOException {
        int[][] out = new int[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = ints(i);
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
