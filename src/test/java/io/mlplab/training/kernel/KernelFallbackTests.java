package io.mlplab.training.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * On a JVM started without {@code jdk.incubator.vector} the kernel classes still load, {@code auto} is the
 * scalar kernel, asking for {@code vector} is a clear {@link IllegalStateException}, and the numbers are
 * bit for bit this JVM's scalar (and so vector) kernels'.
 */
class KernelFallbackTests {

    @Test
    void withoutTheVectorModuleAutoSelectsTheScalarKernelsWithTheSameResults() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the test classes, the kernels and EJML's two jars: no more is loaded
        String classPath = Stream.of(KernelFallbackMain.class, MatrixKernels.class, DMatrixRMaj.class, CommonOps_DDRM.class)
                .map(KernelFallbackTests::location).distinct().reduce((x, y) -> x + File.pathSeparator + y).orElseThrow();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", classPath, KernelFallbackMain.class.getName())
                .redirectErrorStream(true);
        // a JDK_JAVA_OPTIONS or JAVA_TOOL_OPTIONS carrying --add-modules (as the Docker image's) would defeat the test
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process child = builder.start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as(output).isZero();
        List<String> lines = output.lines().toList();

        assertThat(lines).as(output).startsWith("matrix scalar", "elementwise scalar");
        assertThat(lines.get(2)).startsWith("vector IllegalStateException: ")
                .contains("--add-modules jdk.incubator.vector");
        String[] here = KernelFallbackMain.products(MatrixKernels.select("scalar"));
        assertThat(lines.subList(3, lines.size())).containsExactly(here);
        assertThat(KernelFallbackMain.products(MatrixKernels.select("vector"))).containsExactly(here);
        for (String line : here) {
            assertThat(Double.parseDouble(line.split(" ")[2])).as(line).isLessThan(1e-13);
        }
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
