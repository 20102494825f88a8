package fakebank.bench.search;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file copied into anonymous memory backed by 2 MB transparent huge pages (Linux {@code mmap} +
 * {@code madvise(MADV_HUGEPAGE)} through the FFM API). Why: an HNSW query reads a few thousand vectors at random
 * from a multi-GB file; through 4 KB pages nearly every one costs a TLB miss and a page walk, and on ext4 this
 * kernel maps file pages 4 KB at a time whatever the THP setting. With 2 MB pages the TLB covers gigabytes.
 */
final class HugePageMemory {
    private static final long HUGE_PAGE = 2L << 20;
    private static final int PROT_READ = 1;
    private static final int PROT_WRITE = 2;
    private static final int MAP_PRIVATE = 2;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MADV_HUGEPAGE = 14;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle MMAP = LINKER.downcallHandle(LINKER.defaultLookup().find("mmap").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
    private static final MethodHandle MADVISE = LINKER.downcallHandle(
            LINKER.defaultLookup().find("madvise").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_INT));
    private static final MethodHandle MUNMAP = LINKER.downcallHandle(
            LINKER.defaultLookup().find("munmap").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));

    private HugePageMemory() {
    }

    /**
     * The whole of {@code file} in huge-page memory, freed when {@code arena} closes. Throws when the system refuses
     * the mapping or the advice (not Linux, THP disabled), so that callers can say so instead of silently measuring
     * 4 KB pages.
     */
    static MemorySegment load(Path file, Arena arena) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ); Arena mapArena = Arena.ofConfined()) {
            long size = ch.size();
            MemorySegment dst = allocate(Math.max(size, 1), arena);
            MemorySegment.copy(ch.map(FileChannel.MapMode.READ_ONLY, 0, size, mapArena), 0, dst, 0, size);
            return dst.asSlice(0, size);
        }
    }

    private static MemorySegment allocate(long size, Arena arena) throws IOException {
        // Over-allocate by one huge page so that the used range can start on a 2 MB boundary.
        long mapped = size + HUGE_PAGE;
        MemorySegment base;
        int advised;
        try {
            base = (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, mapped, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0L);
            if (base.address() == -1L) {
                throw new IOException("mmap of " + mapped + " bytes failed");
            }
            long aligned = (base.address() + HUGE_PAGE - 1) & -HUGE_PAGE;
            // Advise before the first touch: the pages are then faulted in as 2 MB pages, not collapsed later.
            advised = (int) MADVISE.invokeExact(MemorySegment.ofAddress(aligned), size, MADV_HUGEPAGE);
            if (advised != 0) {
                int unmapped = (int) MUNMAP.invokeExact(base, mapped);
                throw new IOException("madvise(MADV_HUGEPAGE) refused (transparent huge pages disabled?)"
                        + (unmapped != 0 ? "; munmap failed too" : ""));
            }
            long baseAddress = base.address();
            return MemorySegment.ofAddress(aligned).reinterpret(size, arena, s -> unmap(baseAddress, mapped));
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("native call failed: " + t, t);
        }
    }

    private static void unmap(long address, long length) {
        try {
            int r = (int) MUNMAP.invokeExact(MemorySegment.ofAddress(address), length);
            if (r != 0) {
                System.err.println("munmap of " + length + " bytes failed");
            }
        } catch (Throwable t) {
            System.err.println("munmap failed: " + t);
        }
    }

    /** AnonHugePages of this process in MB (Linux {@code smaps_rollup}), or -1 where unknown: proof it worked. */
    static long anonHugePagesMb() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/smaps_rollup"))) {
                if (line.startsWith("AnonHugePages:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
