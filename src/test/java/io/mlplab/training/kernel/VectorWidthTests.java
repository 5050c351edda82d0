package io.mlplab.training.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * The vector kernels give the same bits at 4 doubles per vector (AVX2) as the scalar kernels, and so as at
 * this machine's width (8 with AVX-512): a child JVM whose vectors are capped at 256 bits
 * ({@code -XX:MaxVectorSize=32}) runs {@link VectorWidthMain}, whose hashes must equal this JVM's scalar ones.
 */
class VectorWidthTests {

    @Test
    void vectorsOfFourDoublesGiveTheScalarKernelsBits() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = Stream.of(VectorWidthMain.class, MatrixKernels.class, DMatrixRMaj.class, CommonOps_DDRM.class)
                .map(VectorWidthTests::location).distinct().reduce((x, y) -> x + File.pathSeparator + y).orElseThrow();
        ProcessBuilder builder = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector",
                "-XX:MaxVectorSize=32", "-cp", classPath, VectorWidthMain.class.getName()).redirectErrorStream(true);
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process child = builder.start();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as(output).isZero();
        List<String> lines = output.lines().filter(line -> !line.startsWith("WARNING")).toList();

        assertThat(lines).as(output).first().isEqualTo("lanes 4");
        String[] scalar = VectorWidthMain.hashes(MatrixKernels.select("scalar"), ElementwiseKernels.select("scalar"));
        String[] here = VectorWidthMain.hashes(MatrixKernels.select("vector"), ElementwiseKernels.select("vector"));
        // the products against the scalar kernels; the sigmoid (its own exp, not Math.exp) against this JVM's
        assertThat(lines.subList(1, lines.size() - 1)).containsExactly(Arrays.copyOf(scalar, scalar.length - 1));
        assertThat(lines.subList(1, lines.size())).containsExactly(here);
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
