package io.cometmq.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MatrixTest {

    @Test
    void oneFactorIsTheBaseThenOneDimensionChangedAtATime() {
        List<Cell> cells = Matrix.oneFactor();

        assertThat(cells).extracting(Cell::name).containsExactly("base", "128B", "64KiB", "1000topics", "20groups",
                "sync-flush", "sync-master-slave", "cold-read", "open-loop");
        for (Cell cell : cells.subList(1, cells.size())) {
            int changed = (cell.messageSize() != 1024 ? 1 : 0) + (cell.topics() != 1 ? 1 : 0)
                    + (cell.groups() != 1 ? 1 : 0) + (cell.flush() != FlushDiskType.ASYNC_FLUSH ? 1 : 0)
                    + (cell.layout() != ClusterLayout.Kind.SINGLE ? 1 : 0)
                    + (cell.kind() != CellKind.THROUGHPUT ? 1 : 0);
            assertThat(changed).as(cell.name()).isEqualTo(1);
        }
    }

    @Test
    void fullIsTheCrossProductOfTheThroughputDimensionsPlusTheSpecialCells() {
        List<Cell> cells = Matrix.full();

        assertThat(cells).hasSize(3 * 2 * 2 * 2 * 2 + 2);
        assertThat(cells).extracting(Cell::name).doesNotHaveDuplicates()
                .contains("base", "64KiB+1000topics+20groups+sync-flush+sync-master-slave", "cold-read");
        assertThat(cells.stream().filter(c -> c.kind() == CellKind.THROUGHPUT)).hasSize(48);
    }

    @Test
    void cellsSelectsByNameInMatrixOrderAndNamesTheKnownOnesOnATypo() {
        assertThat(Matrix.select(Matrix.oneFactor(), List.of("20groups", "base")))
                .extracting(Cell::name).containsExactly("base", "20groups");
        assertThatThrownBy(() -> Matrix.select(Matrix.oneFactor(), List.of("1000topic")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'1000topic'").hasMessageContaining("1000topics, 20groups");
    }

    @Test
    void loadFactorShrinksBigMessagesAndManyGroups() {
        assertThat(Cell.BASE.loadFactor()).isEqualTo(1.0);
        assertThat(cell("64KiB").loadFactor()).isEqualTo(0.1);
        assertThat(cell("20groups").loadFactor()).isEqualTo(0.2);
        CellRun.Settings settings = new CellRun.Settings(8, 50_000, 5_000, java.time.Duration.ZERO, 3_000, 8,
                java.time.Duration.ofSeconds(90), java.time.Duration.ofSeconds(30), null);
        assertThat(settings.produceFor(cell("64KiB"))).satisfies(p -> {
            assertThat(p.messages()).isEqualTo(5_000);
            assertThat(p.warmupMessages()).isEqualTo(500);
            assertThat(p.messageSize()).isEqualTo(65536);
        });
    }

    @Test
    void manyTopicsGetDistinctNamesTheSameOnEveryTarget() {
        assertThat(cell("1000topics").topicNames()).hasSize(1000).doesNotHaveDuplicates()
                .startsWith("bench_t0000").endsWith("bench_t0999");
        assertThat(cell("sync-flush").topicNames()).containsExactly("bench_sync_flush");
    }

    private static Cell cell(String name) {
        return Matrix.select(Matrix.oneFactor(), List.of(name)).get(0);
    }
}
