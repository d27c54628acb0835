package io.cometmq.broker.store.file;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SegmentListTest {
    @TempDir
    Path dir;

    @Test
    void segmentFilesAreNamedByTheirBaseOffsetIn20Digits() {
        assertThat(SegmentFiles.fileName(0)).isEqualTo("00000000000000000000");
        assertThat(SegmentFiles.fileName(1_073_741_824L)).isEqualTo("00000000001073741824");
        assertThat(SegmentFiles.baseOffset(Path.of("00000000001073741824"))).contains(1_073_741_824L);
        assertThat(SegmentFiles.baseOffset(Path.of("checkpoint.tmp"))).isEmpty();
    }

    @Test
    void findsTheSegmentHoldingAnOffsetAndCreatesTheNextOne() {
        SegmentList list = new SegmentList(dir, 64);
        MappedSegment first = list.writableSegment(0);
        first.append(new byte[64]);
        MappedSegment second = list.writableSegment(0);

        assertThat(second.baseOffset()).isEqualTo(64);
        assertThat(list.find(63)).isSameAs(first);
        assertThat(list.find(64)).isSameAs(second);
        assertThat(list.find(128)).isNull();
        assertThat(Files.exists(dir.resolve("00000000000000000064"))).isTrue();
    }

    @Test
    void slicesNeverMoveSharedPositionsAndOnlyShowPublishedBytes() {
        SegmentList list = new SegmentList(dir, 64);
        MappedSegment segment = list.writableSegment(0);
        segment.append(new byte[] {1, 2, 3, 4});

        ByteBuffer slice = segment.slice(1, 2);
        slice.get();

        assertThat(segment.slice(1, 2).get(0)).isEqualTo((byte) 2);
        assertThat(slice.isReadOnly()).isTrue();
        assertThatThrownBy(() -> segment.slice(2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void reloadSeesTheSameSegmentsAndDeletingTheOldestMovesMinOffset() {
        SegmentList list = new SegmentList(dir, 32);
        for (int i = 0; i < 3; i++) {
            list.writableSegment(0).append(new byte[32]);
        }
        SegmentList reloaded = new SegmentList(dir, 32).load();
        assertThat(reloaded.count()).isEqualTo(3);
        assertThat(reloaded.maxOffset()).isEqualTo(96);

        reloaded.removeFirst();

        assertThat(reloaded.minOffset()).isEqualTo(32);
        assertThat(Files.exists(dir.resolve(SegmentFiles.fileName(0)))).isFalse();
    }

    @Test
    void loadRefusesAGapBetweenSegments() {
        SegmentList list = new SegmentList(dir, 32);
        for (int i = 0; i < 3; i++) {
            list.writableSegment(0).append(new byte[32]);
        }
        list.remove(list.find(32));

        assertThatThrownBy(() -> new SegmentList(dir, 32).load()).hasMessageContaining("gap");
    }

    @Test
    void truncateZeroesTheTailAndDropsLaterSegments() {
        SegmentList list = new SegmentList(dir, 32);
        list.writableSegment(0).append(filled(32));
        list.writableSegment(0).append(filled(20));

        list.truncateFrom(10);

        assertThat(list.count()).isEqualTo(1);
        assertThat(list.maxOffset()).isEqualTo(10);
        ByteBuffer raw = list.first().rawView();
        assertThat(raw.get(9)).isEqualTo((byte) 7);
        assertThat(raw.get(10)).isZero();
        assertThat(raw.get(31)).isZero();
    }

    private static byte[] filled(int length) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) 7);
        return bytes;
    }

    @Test
    void aSegmentLeftShortByACrashDuringItsCreationOpensAtFullSize() throws Exception {
        Files.createFile(dir.resolve(SegmentFiles.fileName(0))); // created, never sized: killed before the mapping
        MappedSegment segment = MappedSegment.open(dir.resolve(SegmentFiles.fileName(0)), 0, 64);

        assertThat(Files.size(dir.resolve(SegmentFiles.fileName(0)))).isEqualTo(64);
        assertThat(segment.slice(0, 64).get(0)).isZero();
    }

    @Test
    void aSegmentLongerThanTheConfiguredSizeIsRefused() throws Exception {
        Files.write(dir.resolve(SegmentFiles.fileName(0)), new byte[128]);

        assertThatThrownBy(() -> MappedSegment.open(dir.resolve(SegmentFiles.fileName(0)), 0, 64))
                .hasRootCauseMessage("segment " + dir.resolve(SegmentFiles.fileName(0)) + " has 128 bytes, expected 64");
    }
}
