package fakebank.cli;

import fakebank.embed.ModelLoadException;
import fakebank.error.FakebankException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code fakebank <command> [args]}. Errors go to stderr with a distinct exit code per kind. */
@Command(name = "fakebank", mixinStandardHelpOptions = true, version = "fakebank 0.1.0",
        description = "Tells AI-generated images from real photographs, with a bank of known images as evidence.",
        subcommands = {EmbedCommand.class, AddCommand.class, SearchCommand.class, GetCommand.class,
                RemoveCommand.class, StatsCommand.class, ExportCommand.class, ImportCommand.class,
                ImportHashesCommand.class, ExportHashesCommand.class,
                ReindexCommand.class, TrainCommand.class, ClassifyCommand.class, EvalCommand.class,
                ServeCommand.class, BenchCommand.class, MetadataCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        quietLibraries();
        System.exit(run(args));
    }

    /** Lucene logs its SIMD setup through java.util.logging at INFO on every start; warnings still show. */
    static void quietLibraries() {
        LUCENE_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    /** Held so the level sticks: java.util.logging keeps loggers only weakly. */
    private static final java.util.logging.Logger LUCENE_LOG = java.util.logging.Logger.getLogger("org.apache.lucene");

    /** Runs a command line and returns its exit code: the seam the CLI tests use. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("fakebank: " + message(e));
            if (System.getenv("FAKEBANK_DEBUG") != null) {
                e.printStackTrace(line.getErr());
            }
            line.getErr().flush();
            return exitCode(e);
        });
        return cli.execute(args);
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    static int exitCode(Throwable e) {
        if (e instanceof FakebankException f) {
            return f.exitCode();
        }
        if (e instanceof ModelLoadException || e instanceof IllegalArgumentException) {
            return 2;
        }
        if (e instanceof UncheckedIOException) {
            return 8;
        }
        return 1;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
