package io.mlplab.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The weights' tiled transpose, before {@code dX = dZ·Wᵀ}, is EJML's on shapes with and without partial tiles. */
class TransposeTests {

    @ParameterizedTest(name = "{0} x {1}")
    @CsvSource({"1, 1", "1, 17", "17, 1", "8, 8", "16, 32", "9, 7", "512, 512", "128, 512", "33, 65", "300, 3"})
    void tiledAsEjml(int rows, int cols) {
        Random random = new Random(rows * 1000L + cols);
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = random.nextGaussian();
        }
        DMatrixRMaj actual = new DMatrixRMaj(cols, rows);
        java.util.Arrays.fill(actual.data, Double.NaN);      // every element must be written
        LinearLayer.transpose(m, actual);

        assertThat(actual.data).containsExactly(CommonOps_DDRM.transpose(m, null).data);
    }
}
