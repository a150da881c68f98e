package spindle.it.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of the README files compiles against Spindle's modules as an outside
 * program sees them: a renamed method or a missing export fails here instead of in a reader's IDE.
 *
 * <p>A block is compiled as the body of a method (statements, local classes) or, when that fails,
 * as the members of a class (methods, fields, nested classes), or as a small program (a protocol
 * class and a {@code static main} using it). Names a block uses without
 * declaring them (a {@code reactor}, a {@code db}, the {@code Echo} protocol of an earlier block,
 * an application's own {@code users.lookup}) are declared by {@link #GIVEN}, the superclass every
 * block is compiled in; it extends {@code Protocol}, so {@code transport()} is in scope as it is
 * in the examples. A README may add declarations of its own in a
 * {@code <!-- snippet-context ... -->} comment. A block preceded by
 * {@code <!-- snippet: skip REASON -->} is not compiled (a module descriptor, say); the reason is
 * shown in the test name.
 */
class ReadmeSnippetsTest {
    private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern README_CONTEXT = Pattern.compile("<!-- snippet-context\\n(.*?)-->", Pattern.DOTALL);
    private static final Pattern SKIP = Pattern.compile("<!-- snippet: skip ([^>]*?) -->\\s*$");

    /** Imports every example may assume: Spindle's exported API and the JDK types they show. */
    private static final String IMPORTS = """
            import static java.nio.charset.StandardCharsets.UTF_8;
            import static org.assertj.core.api.Assertions.assertThat;
            import java.io.*;
            import java.nio.file.*;
            import java.time.Duration;
            import java.util.*;
            import java.util.concurrent.*;
            import net.deferred.*;
            import net.threadpool.*;
            import net.reactor.*;
            import net.reactor.blocking.*;
            import net.reactor.endpoints.*;
            import net.reactor.task.*;
            import net.reactor.testing.*;
            import net.reactor.process.*;
            import net.dbapi.*;
            import net.protocols.basic.*;
            import net.protocols.policies.*;
            import net.protocols.loopback.*;
            import net.protocols.amp.*;
            import net.protocols.memcache.*;
            import net.protocols.socks.*;
            import net.protocols.irc.*;
            import net.protocols.ident.*;
            import net.protocols.ftp.*;
            import net.protocols.tls.*;
            import net.protocols.web.*;
            import net.protocols.web.client.*;
            import org.junit.jupiter.api.Test;
            """;

    /**
     * What the examples take as given: the objects an application already has and the helpers it
     * wrote. Everything Spindle provides must come from Spindle, never from here.
     */
    private static final String GIVEN = """
            abstract class Context extends Protocol {
                Reactor reactor; ConnectionPool db; Factory factory; ClientFactory clientFactory;
                Protocol connection; ExecutorService executor; byte[] PING; String url;
                java.util.logging.Logger log; Deferred<Integer> a, b, c; DeferredLock lock; Object r;
                int amount; long from, to; Mailer mailer; String report; Users users; Stats stats;
                interface Mailer { void send(String report); }
                interface Users { Deferred<String> lookup(int id); }
                interface Stats { Deferred<Integer> countHits(String id); }
                abstract Deferred<String> fetch(String url);
                abstract Deferred<Integer> store(int n);
                abstract Deferred<Void> writeRecord(Object record);
                abstract byte[] compute();
                static class Echo extends Protocol {}
                static class Greeter extends Protocol {}
                static class Page {}
                abstract Deferred<Page> startFetch(String url);
                abstract Page retryOnce(Failure failure) throws Exception;
            }
            """;

    @TempDir
    Path output;

    @TestFactory
    Stream<DynamicTest> everyJavaBlockCompiles() throws IOException {
        Path root = Path.of(System.getProperty("spindle.root", "..")).toAbsolutePath().normalize();
        List<Path> readmes = new ArrayList<>();
        readmes.add(root.resolve("README.md"));
        try (Stream<Path> modules = Files.list(root)) {
            modules.map(dir -> dir.resolve("README.md")).filter(Files::isRegularFile).sorted().forEach(readmes::add);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Path readme : readmes) {
            String text = Files.readString(readme, StandardCharsets.UTF_8);
            Matcher context = README_CONTEXT.matcher(text);
            String members = context.find() ? context.group(1) : "";
            Matcher block = BLOCK.matcher(text);
            int number = 0;
            while (block.find()) {
                number++;
                int line = lineOf(text, block.start());
                String name = root.relativize(readme) + ":" + line;
                Matcher skip = SKIP.matcher(text.substring(0, block.start()));
                if (skip.find()) {
                    String reason = skip.group(1);
                    tests.add(DynamicTest.dynamicTest(name + " (not compiled: " + reason + ")", () -> {}));
                    continue;
                }
                String code = block.group(1);
                String className = "Snippet" + Math.abs((name).hashCode()) + "_" + number;
                tests.add(DynamicTest.dynamicTest(name, () -> assertCompiles(className, members, code)));
            }
        }
        assertThat(tests).as("README java blocks found").hasSizeGreaterThan(10);
        return tests.stream();
    }

    private void assertCompiles(String className, String contextMembers, String code) {
        String asStatements = source(className, contextMembers,
                "    void snippet() throws Exception {\n" + code + "\n    }\n");
        List<String> statementErrors = compile(className, asStatements);
        if (statementErrors.isEmpty()) {
            return;
        }
        List<String> memberErrors = compile(className, source(className, contextMembers, code));
        if (memberErrors.isEmpty()) {
            return;
        }
        // A block that is a whole program (a protocol class and a static main using it) reads as
        // top-level code; an interface makes its nested classes static, as top-level ones are.
        List<String> programErrors = compile(className, "package snippets;\n" + IMPORTS
                + "@SuppressWarnings(\"all\")\ninterface " + className + " {\n" + code + "\n}\n");
        assertThat(programErrors)
                .as("the block compiles neither as statements (%s) nor as class members (%s) nor as a program",
                        statementErrors, memberErrors)
                .isEmpty();
    }

    private static String source(String className, String contextMembers, String body) {
        return "package snippets;\n" + IMPORTS
                + GIVEN
                + "@SuppressWarnings(\"all\")\n"
                + "abstract class " + className + " extends Context {\n"
                + contextMembers + "\n"
                + body + "\n"
                + "}\n";
    }

    private List<String> compile(String className, String source) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            Path dir = output.resolve(className + "_" + System.nanoTime());
            Path file = dir.resolve("snippets").resolve(className + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source, StandardCharsets.UTF_8);
            List<String> options = List.of(
                    "--module-path", System.getProperty("jdk.module.path"),
                    "--add-modules", "ALL-MODULE-PATH",
                    "-proc:none", "-Xlint:none", "-nowarn",
                    "-d", dir.resolve("classes").toString());
            boolean ok = javac.getTask(null, files, diagnostics, options, null,
                    files.getJavaFileObjects(file)).call();
            List<String> errors = new ArrayList<>();
            List<String> lines = source.lines().toList();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    long n = d.getLineNumber();
                    String at = n >= 1 && n <= lines.size() ? lines.get((int) n - 1).strip() : "?";
                    errors.add(d.getMessage(Locale.ROOT) + " [at: " + at + "]");
                }
            }
            if (!ok && errors.isEmpty()) {
                errors.add("javac failed without an error diagnostic");
            }
            return errors;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
