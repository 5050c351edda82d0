package io.mlplab.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlplab.training.kernel.ElementwiseKernels;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every activation computed in pieces (as a product's epilogue computes it, block by block of finished rows,
 * on the scalar and on the vector element-wise kernels) gives the bits of one pass over the whole matrix.
 */
class ActivationRangesTests {

    static List<Activation> activations() {
        return List.of(new Activation.Sigmoid(), new Activation.Relu(), new Activation.Tanh(),
                new Activation.LeakyRelu(0.03), new Activation.Gelu(), new Activation.GeluTanh(),
                new Activation.Elu(0.7), new Activation.Silu(), new Activation.Softplus(), new Activation.Linear());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void inPiecesAsInOnePass(Activation f) {
        Random random = new Random(91);
        int rows = 37;
        int cols = 23;
        DMatrixRMaj z = new DMatrixRMaj(rows, cols);
        DMatrixRMaj dA = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < z.data.length; i++) {
            z.data[i] = 6 * random.nextGaussian();
            dA.data[i] = random.nextGaussian();
        }
        z.data[5] = 0.0;            // the ReLU family's kink
        z.data[6] = -0.0;
        z.data[7] = Double.NaN;
        for (String name : new String[] {"scalar", "vector"}) {
            ElementwiseKernels kernels = ElementwiseKernels.select(name);
            DMatrixRMaj a = new DMatrixRMaj(rows, cols);
            DMatrixRMaj dZ = new DMatrixRMaj(rows, cols);
            f.forward(z, a, kernels);
            f.backward(z, a, dA, dZ, kernels);
            double[] pieces = new double[a.data.length];
            double[] dZPieces = dA.data.clone();     // in place, as the layers do
            Arrays.fill(pieces, Double.NaN);
            int from = 0;
            while (from < pieces.length) {
                int to = Math.min(pieces.length, from + 1 + random.nextInt(60));
                f.forward(z.data, pieces, from, to, kernels);
                f.backward(z.data, pieces, dZPieces, dZPieces, from, to, kernels);
                from = to;
            }
            assertThat(pieces).as("%s forward on %s kernels", f, name).containsExactly(a.data);
            assertThat(dZPieces).as("%s backward on %s kernels", f, name).containsExactly(dZ.data);
        }
    }
}
