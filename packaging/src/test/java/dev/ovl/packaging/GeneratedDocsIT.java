package dev.ovl.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The man page sources and the bash completion follow the CLI's own picocli definitions. */
class GeneratedDocsIT {
  @Test
  void everySubcommandHasAManPageAndACompletionFunction() throws Exception {
    List<String> commands = subcommandsFromHelp();
    assertThat(commands).contains("status", "layers", "mount", "gui");
    String top = Files.readString(Run.TARGET.resolve("man/ovl.adoc"));
    assertThat(top).contains("= ovl(1)", "*--root*=_DIR_", "*--runroot*=_DIR_");
    String completion = Files.readString(Run.TARGET.resolve("ovl-completion.bash"));
    for (String c : commands) {
      Path page = Run.TARGET.resolve("man/ovl-" + c + ".adoc");
      assertThat(page).exists();
      assertThat(Files.readString(page)).contains("= ovl-" + c + "(1)");
      assertThat(top).contains("xref:ovl-" + c + ".adoc");
      assertThat(completion).contains("function _picocli_ovl_" + c.replace("-", "") + "()");
    }
  }

  @Test
  void bashCompletesSubcommandsAndOptions() throws Exception {
    assertThat(complete("ovl", "sta")).containsExactly("status");
    assertThat(complete("ovl", "status", "--ro")).containsExactly("--root");
    assertThat(complete("ovl", "recreate")).containsExactly("recreate-links");
  }

  private static List<String> complete(String... words) throws Exception {
    String line = String.join(" ", words);
    String script = "source " + Run.TARGET.resolve("ovl-completion.bash") + " 2>/dev/null\n"
        + "COMP_WORDS=(" + line + "); COMP_CWORD=" + (words.length - 1) + "; COMP_LINE='" + line + "'; "
        + "COMP_POINT=" + line.length() + "\n_complete_ovl 2>/dev/null\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n";
    Run r = Run.of(List.of("bash", "-c", script));
    assertThat(r.exit()).as(r.err()).isZero();
    return r.out().lines().filter(s -> !s.isBlank()).toList();
  }

  private static List<String> subcommandsFromHelp() throws Exception {
    Run r = Run.ovlJar("--help");
    assertThat(r.exit()).isZero();
    String help = r.out();
    return help.substring(help.indexOf("Commands:")).lines().skip(1)
        .filter(l -> l.startsWith("  ") && !l.startsWith("    "))
        .map(l -> l.strip().split("[,\\s]+")[0]).toList();
  }
}
