package fakebank.image;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteOrder;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scaled JPEG decoding with libjpeg-turbo's TurboJPEG 2.x C API ({@code libturbojpeg.so.0}, Debian's
 * {@code libturbojpeg0}) through Java's FFM API. libjpeg-turbo can run the inverse DCT at 1/2, 1/4 or 1/8 (and
 * other n/8) scale, so a 12 MP photo is decoded straight to the size the consumers need instead of in full and then
 * shrunk: most of the decode time is saved, not just the resampling.
 *
 * <p>Only for the fast path: {@link #decode} returns empty for anything it does not handle exactly like the ImageIO
 * path (CMYK/YCCK, any libjpeg warning such as a truncated file, any error), and the caller then decodes the bytes
 * the usual way, so refusals and messages stay those of {@link ImageDecoder}. Thread-safe: every call has its own
 * TurboJPEG handle and native memory.
 */
final class TurboJpeg {
    private static final Logger LOG = LoggerFactory.getLogger(TurboJpeg.class);
    private static final int TJPF_BGRX = 3; // bytes B, G, R, X: one little-endian int 0xXXRRGGBB per pixel
    private static final int TJCS_RGB = 0;
    private static final int TJCS_YCBCR = 1;
    private static final int TJCS_GRAY = 2;
    /** Warnings (e.g. "premature end of data") abort instead of filling the rest of the image with grey. */
    private static final int TJFLAG_STOPONWARNING = 8192;
    /** Refuse progressive files with more than 500 scans: a known CPU-exhaustion trick (libjpeg-turbo 2.1+). */
    private static final int TJFLAG_LIMITSCANS = 32768;
    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private static final Optional<TurboJpeg> SYSTEM = load("libturbojpeg.so.0");

    private final MethodHandle initDecompress;
    private final MethodHandle decompressHeader3;
    private final MethodHandle decompress2;
    private final MethodHandle destroy;
    private final int[][] scalingFactors;

    private TurboJpeg(SymbolLookup lib) throws Throwable {
        Linker linker = Linker.nativeLinker();
        ValueLayout ptr = ValueLayout.ADDRESS;
        ValueLayout i32 = ValueLayout.JAVA_INT;
        ValueLayout ulong = ValueLayout.JAVA_LONG; // C unsigned long: 64 bits on the LP64 platforms Debian ships
        initDecompress = linker.downcallHandle(lib.findOrThrow("tjInitDecompress"), FunctionDescriptor.of(ptr));
        decompressHeader3 = linker.downcallHandle(lib.findOrThrow("tjDecompressHeader3"),
                FunctionDescriptor.of(i32, ptr, ptr, ulong, ptr, ptr, ptr, ptr));
        decompress2 = linker.downcallHandle(lib.findOrThrow("tjDecompress2"),
                FunctionDescriptor.of(i32, ptr, ptr, ulong, ptr, i32, i32, i32, i32, i32));
        destroy = linker.downcallHandle(lib.findOrThrow("tjDestroy"), FunctionDescriptor.of(i32, ptr));
        MethodHandle getScalingFactors = linker.downcallHandle(lib.findOrThrow("tjGetScalingFactors"),
                FunctionDescriptor.of(ptr, ptr));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment table = (MemorySegment) getScalingFactors.invokeExact(count);
            int n = count.get(ValueLayout.JAVA_INT, 0);
            if (table.equals(MemorySegment.NULL) || n <= 0 || n > 64) {
                throw new IllegalStateException("tjGetScalingFactors returned no factors");
            }
            MemorySegment pairs = table.reinterpret(8L * n);
            scalingFactors = new int[n][];
            for (int i = 0; i < n; i++) {
                scalingFactors[i] = new int[] {pairs.getAtIndex(ValueLayout.JAVA_INT, 2L * i),
                        pairs.getAtIndex(ValueLayout.JAVA_INT, 2L * i + 1)};
            }
        }
    }

    /** The system's libjpeg-turbo, or empty when it is not installed (the decoder then uses ImageIO only). */
    static Optional<TurboJpeg> system() {
        return SYSTEM;
    }

    static Optional<TurboJpeg> load(String library) {
        try {
            return Optional.of(new TurboJpeg(SymbolLookup.libraryLookup(library, Arena.global())));
        } catch (Throwable e) {
            LOG.info("libjpeg-turbo not available ({}): large JPEGs are decoded at full size by ImageIO",
                    e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The scaled size TurboJPEG would produce for {@code num/denom}: {@code ceil(side * num / denom)}
     * (TJSCALED in turbojpeg.h).
     */
    static int scaled(int side, int num, int denom) {
        return (int) (((long) side * num + denom - 1) / denom);
    }

    /**
     * The smallest scale whose shorter side is still at least {@code minShortSide}, as {num, denom}; {1, 1} when
     * no reduction keeps enough pixels. Never enlarges.
     */
    int[] scaleFor(int width, int height, int minShortSide) {
        int[] best = {1, 1};
        long bestPixels = (long) width * height;
        for (int[] f : scalingFactors) {
            if (f[0] >= f[1]) {
                continue;
            }
            int w = scaled(width, f[0], f[1]);
            int h = scaled(height, f[0], f[1]);
            if (Math.min(w, h) >= minShortSide && (long) w * h < bestPixels) {
                best = f;
                bestPixels = (long) w * h;
            }
        }
        return best;
    }

    /**
     * Decodes a baseline or progressive YCbCr/grey/RGB JPEG whose header says {@code width x height} at the
     * smallest scale that keeps the shorter side at least {@code minShortSide}. Empty when the file is not one
     * this path handles identically (other colour spaces, a different header size, any warning or error).
     * Orientation is not applied.
     */
    Optional<RgbImage> decode(byte[] jpeg, int width, int height, int minShortSide) {
        int[] f = scaleFor(width, height, minShortSide);
        if (f[0] == f[1]) {
            return Optional.empty();
        }
        MemorySegment handle = MemorySegment.NULL;
        try (Arena arena = Arena.ofConfined()) {
            handle = (MemorySegment) initDecompress.invokeExact();
            if (handle.equals(MemorySegment.NULL)) {
                return Optional.empty();
            }
            MemorySegment src = arena.allocateFrom(ValueLayout.JAVA_BYTE, jpeg);
            MemorySegment dims = arena.allocate(ValueLayout.JAVA_INT, 4);
            int rc = (int) decompressHeader3.invokeExact(handle, src, (long) jpeg.length, dims,
                    dims.asSlice(4), dims.asSlice(8), dims.asSlice(12));
            int colorspace = dims.getAtIndex(ValueLayout.JAVA_INT, 3);
            if (rc != 0 || dims.getAtIndex(ValueLayout.JAVA_INT, 0) != width
                    || dims.getAtIndex(ValueLayout.JAVA_INT, 1) != height
                    || (colorspace != TJCS_YCBCR && colorspace != TJCS_GRAY && colorspace != TJCS_RGB)) {
                return Optional.empty();
            }
            int w = scaled(width, f[0], f[1]);
            int h = scaled(height, f[0], f[1]);
            MemorySegment dst = arena.allocate((long) w * h * 4, 16);
            rc = (int) decompress2.invokeExact(handle, src, (long) jpeg.length, dst, w, w * 4, h, TJPF_BGRX,
                    TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS);
            if (rc != 0) {
                return Optional.empty();
            }
            int[] pixels = new int[w * h];
            MemorySegment.copy(dst, LE_INT, 0, pixels, 0, pixels.length);
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] &= 0xFFFFFF;
            }
            return Optional.of(new RgbImage(w, h, pixels, "jpeg"));
        } catch (Throwable e) {
            // Only our own bugs land here (a native fault would crash, not throw): log, then use the ImageIO path.
            LOG.warn("libjpeg-turbo decode failed, falling back to ImageIO", e);
            return Optional.empty();
        } finally {
            if (!handle.equals(MemorySegment.NULL)) {
                try {
                    int ignored = (int) destroy.invokeExact(handle);
                } catch (Throwable e) {
                    LOG.warn("tjDestroy failed", e);
                }
            }
        }
    }
}
