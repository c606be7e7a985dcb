package dev.ovl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.List;

/** Tables as aligned text or as JSON. */
final class Output {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Output() {}

  static void json(PrintWriter out, Object value) throws Exception {
    out.println(JSON.writeValueAsString(value));
    out.flush();
  }

  /** Prints {@code rows} under {@code header}, each column as wide as its widest cell. */
  static void table(PrintWriter out, List<String> header, List<List<String>> rows) {
    int[] w = new int[header.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = header.get(i).length();
      for (List<String> r : rows) {
        w[i] = Math.max(w[i], r.get(i).length());
      }
    }
    printRow(out, header, w);
    rows.forEach(r -> printRow(out, r, w));
    out.flush();
  }

  private static void printRow(PrintWriter out, List<String> cells, int[] w) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      b.append(i == cells.size() - 1 ? c : String.format("%-" + w[i] + "s  ", c));
    }
    out.println(b.toString().stripTrailing());
  }
}
