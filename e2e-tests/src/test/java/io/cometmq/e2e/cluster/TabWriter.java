package io.cometmq.e2e.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * Aligns tab-separated cells the way Go's {@code text/tabwriter} (which kubectl prints through) does: a cell ends
 * at a tab, the text after a line's last tab is not aligned, and a column is as wide as its widest cell (plus
 * padding, at least {@code minWidth}) over each run of consecutive lines that have that column. A line with fewer
 * cells ends the run for the columns it lacks, so nested blocks align separately, as in {@code kubectl describe}.
 */
final class TabWriter {
    private final int minWidth;
    private final int padding;

    TabWriter(int minWidth, int padding) {
        this.minWidth = minWidth;
        this.padding = padding;
    }

    String format(String text) {
        List<String[]> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            lines.add(line.split("\t", -1));
        }
        if (text.endsWith("\n")) {
            lines.remove(lines.size() - 1);
        }
        StringBuilder out = new StringBuilder();
        format(lines, 0, lines.size(), new ArrayList<>(), out);
        return out.toString();
    }

    // Go's tabwriter.format: find runs of lines that have a cell in the next column, size it, recurse.
    private int format(List<String[]> lines, int line0, int line1, List<Integer> widths, StringBuilder out) {
        int column = widths.size();
        for (int current = line0; current < line1; current++) {
            if (column >= lines.get(current).length - 1) {
                continue;
            }
            line0 = write(lines, line0, current, widths, out);
            int width = minWidth;
            for (; current < line1; current++) {
                String[] cells = lines.get(current);
                if (column >= cells.length - 1) {
                    break;
                }
                width = Math.max(width, cells[column].length() + padding);
            }
            widths.add(width);
            line0 = format(lines, line0, current, widths, out);
            widths.remove(widths.size() - 1);
            current = line0 - 1;
        }
        return write(lines, line0, line1, widths, out);
    }

    private static int write(List<String[]> lines, int line0, int line1, List<Integer> widths, StringBuilder out) {
        for (int i = line0; i < line1; i++) {
            String[] cells = lines.get(i);
            StringBuilder line = new StringBuilder();
            for (int j = 0; j < cells.length; j++) {
                line.append(cells[j]);
                if (j < cells.length - 1 && j < widths.size()) {
                    line.append(" ".repeat(widths.get(j) - cells[j].length()));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return line1;
    }
}
