package io.mlplab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class StandardScalerTests {

    @Test
    void matchesSklearnFitTransformToWithinOneEMinusFifteenRelative() {
        // currently equal bit for bit; the tolerance leaves numpy room to change its summation order
        for (JsonNode c : Golden.get("scaler")) {
            DMatrixRMaj x = new DMatrixRMaj(c.required("rows").intValue(), c.required("cols").intValue());
            x.setData(Golden.doubles(c.required("input")));
            StandardScaler.standardizeInPlace(x);
            double[] expected = Golden.doubles(c.required("expected"));
            for (int i = 0; i < expected.length; i++) {
                double err = Math.abs(x.data[i] - expected[i]);
                assertTrue(err <= 1e-15 * Math.abs(expected[i]),
                        c.required("name").stringValue() + " element " + i + ": " + x.data[i] + " vs " + expected[i]);
            }
        }
    }

    @Test
    void aConstantColumnIsCenteredButNotScaled() {
        DMatrixRMaj x = new DMatrixRMaj(4, 2, true, 1, 5, 2, 5, 3, 5, 4, 5);
        StandardScaler.standardizeInPlace(x);
        for (int r = 0; r < 4; r++) {
            assertEquals(0.0, x.get(r, 1));
        }
    }

    @Test
    void everyColumnEndsUpWithMeanZeroAndUnitPopulationVariance() {
        DMatrixRMaj x = new DMatrixRMaj(300, 4);
        new NumpyRandom(3).fillGaussian(x);
        for (int i = 0; i < x.getNumElements(); i++) {
            x.data[i] = x.data[i] * (1 + i % 4) * 10 + 1000 * (i % 4);
        }
        StandardScaler.standardizeInPlace(x);
        for (int c = 0; c < 4; c++) {
            double sum = 0;
            double squares = 0;
            for (int r = 0; r < 300; r++) {
                sum += x.get(r, c);
                squares += x.get(r, c) * x.get(r, c);
            }
            assertEquals(0.0, sum / 300, 1e-12);
            assertEquals(1.0, squares / 300, 1e-12);
        }
    }

    @Test
    void aMatrixWithoutRowsIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> StandardScaler.standardizeInPlace(new DMatrixRMaj(0, 3)));
    }
}
