package io.cometmq.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The step that makes the cold read cold: pages a live process has mapped survive drop_caches, so they are paged
 * out of that process first. Here the process is this JVM, mapping a file the way a broker maps its commit log.
 * Needs Linux with fincore, python3 and CAP_SYS_NICE; skipped elsewhere. (The drop itself is machine-wide, so no
 * test runs it.)
 */
class PageCacheTest {

    private static final int SIZE = 8 << 20;

    @Test
    void pagesOutTheMappedPagesOfALiveProcess(@TempDir Path store) throws Exception {
        Path file = store.resolve("commitlog").resolve("00000000000000000000");
        Files.createDirectories(file.getParent());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, SIZE);
            for (int i = 0; i < SIZE; i += 4096) {
                map.put(i, (byte) 1);
            }
            map.force();
            long before = PageCache.residentBytes(List.of(file));
            assumeTrue(before == SIZE, "fincore reports the mapped file as resident (" + before + ")");

            List<String> problems = new ArrayList<>();
            String done = PageCache.pageOut(List.of(store), List.of(ProcessHandle.current().pid()), problems);
            assumeTrue(problems.isEmpty(), () -> "page-out not possible here: " + problems);

            assertThat(done).startsWith("MADV_PAGEOUT of 1 broker mappings (8 MiB)");
            assertThat(PageCache.residentBytes(List.of(file))).isZero();
            assertThat(map.get(4096)).isEqualTo((byte) 1); // paged out, not lost
        }
    }
}
