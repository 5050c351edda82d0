package io.mlplab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every data kind against {@code src/test/resources/golden/data/datasets.json}, written by
 * {@code /usr/bin/python3 tools/reference/data_reference.py}: moons and circles are scikit-learn's
 * {@code make_moons} and {@code make_circles} with the job's stream as {@code random_state}, xor and spirals the
 * reference program's numpy definition; the pipelines add noise features, the scaler, the split and label noise.
 * Features to 1e-12, labels exactly, and the stream's next draws exactly (the weights start there).
 */
class DataKindsTests {

    private static final double TOLERANCE = 1e-12;
    private static final JsonNode ROOT = load();

    static Stream<JsonNode> generators() {
        return cases("generators");
    }

    static Stream<JsonNode> pipelines() {
        return cases("pipelines");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("generators")
    void generatesWhatTheReferenceGenerates(JsonNode c) {
        NumpyRandom random = new NumpyRandom(c.get("seed").longValue());
        Dataset data = generator(c).generate(random);
        assertRows(data.x(), c.get("x"));
        assertThat(labels(data.y())).containsExactly(Golden.ints(c.get("y")));
        assertThat(random.nextDouble()).as("the stream's next draw").isEqualTo(c.get("next").doubleValue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pipelines")
    void preparesTheDataInTheJobsOrder(JsonNode c) {
        long seed = c.get("seed").longValue();
        NumpyRandom random = new NumpyRandom(seed);
        DatasetGenerator generator = generator(c);
        if (c.get("noiseFeatures").intValue() > 0) {
            generator = new NoiseFeatures(generator, c.get("noiseFeatures").intValue());
        }
        PreparedData raw = PreparedData.prepare(generator, c.get("testFraction").doubleValue(),
                c.get("standardize").booleanValue(), c.get("labelNoise").doubleValue(), seed, random, false);
        assertRows(raw.split().train().x(), c.get("trainX"));
        assertRows(raw.split().test().x(), c.get("testX"));
        assertThat(labels(raw.split().train().y())).containsExactly(Golden.ints(c.get("trainY")));
        assertThat(labels(raw.split().test().y())).containsExactly(Golden.ints(c.get("testY")));
        assertThat(raw.scaler().mean()).containsExactly(Golden.doubles(c.get("mean")), within(TOLERANCE));
        assertThat(raw.scaler().scale()).containsExactly(Golden.doubles(c.get("scale")), within(TOLERANCE));
        for (int i = 0; i < 3; i++) {
            assertThat(random.nextDouble()).isEqualTo(c.get("next").get(i).doubleValue());
        }

        // what the network sees: the same rows, each feature through the scaler
        PreparedData scaled = PreparedData.prepare(generator, c.get("testFraction").doubleValue(),
                c.get("standardize").booleanValue(), c.get("labelNoise").doubleValue(), seed, new NumpyRandom(seed),
                true);
        DMatrixRMaj expected = raw.split().train().x().copy();
        raw.scaler().transformInPlace(expected);
        assertThat(scaled.split().train().x().data).containsExactly(expected.data);
        assertThat(scaled.split().train().y().data).containsExactly(raw.split().train().y().data);
    }

    @Test
    void flipsTheShareOfTrainingLabelsAsked() {
        JsonNode c = cases("pipelines").filter(p -> p.get("kind").stringValue().equals("spirals")).findFirst().orElseThrow();
        int[] noisy = Golden.ints(c.get("trainY"));
        int[] clean = Golden.ints(c.get("cleanTrainY"));
        int flipped = 0;
        for (int i = 0; i < noisy.length; i++) {
            flipped += noisy[i] != clean[i] ? 1 : 0;
        }
        // floor(0.25 · 63) rows, each moved to another of the three classes
        assertThat(flipped).isEqualTo((int) Math.floor(0.25 * noisy.length)).isPositive();
    }

    @Test
    void spiralsGiveEachArmItsOwnRowsAndClass() {
        Dataset data = new Spirals(10, 3, 0.0).generate(new NumpyRandom(1));
        assertThat(labels(data.y())).containsExactly(0, 0, 0, 1, 1, 1, 2, 2, 2, 2);
        assertThat(data.classes()).isEqualTo(3);
        // the first point of every arm is the centre
        assertThat(data.x().get(3, 0)).isZero();
        assertThat(data.x().get(3, 1)).isZero();
    }

    @Test
    void noiseFeaturesFollowTheRealOnes() {
        Dataset plain = new Moons(20, 0.1).generate(new NumpyRandom(3));
        Dataset wide = new NoiseFeatures(new Moons(20, 0.1), 2).generate(new NumpyRandom(3));
        assertThat(wide.x().numCols).isEqualTo(4);
        for (int r = 0; r < 20; r++) {
            assertThat(wide.x().get(r, 0)).isEqualTo(plain.x().get(r, 0));
            assertThat(wide.x().get(r, 1)).isEqualTo(plain.x().get(r, 1));
        }
    }

    @Test
    void noLabelNoiseDrawsNothing() {
        NumpyRandom random = new NumpyRandom(9);
        Dataset data = new Xor(10, 0.1).generate(new NumpyRandom(1));
        assertThat(LabelNoise.flip(data, 0.05, random)).isZero();
        assertThat(random.nextDouble()).isEqualTo(new NumpyRandom(9).nextDouble());
    }

    @Test
    void rejectsSpiralsWithFewerSamplesThanArms() {
        assertThatThrownBy(() -> new Spirals(2, 3, 0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Moons(1, 0.1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static DatasetGenerator generator(JsonNode c) {
        int n = c.get("samples").intValue();
        double noise = c.get("noise").doubleValue();
        return switch (c.get("kind").stringValue()) {
            case "moons" -> new Moons(n, noise);
            case "circles" -> new Circles(n, noise, c.get("factor").doubleValue());
            case "xor" -> new Xor(n, noise);
            case "spirals" -> new Spirals(n, c.get("arms").intValue(), noise);
            default -> throw new IllegalArgumentException(c.get("kind").toString());
        };
    }

    private static void assertRows(DMatrixRMaj actual, JsonNode rows) {
        assertThat(actual.numRows).isEqualTo(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            double[] row = Golden.doubles(rows.get(r));
            assertThat(actual.numCols).isEqualTo(row.length);
            for (int c = 0; c < row.length; c++) {
                assertThat(actual.get(r, c)).as("row %d, column %d", r, c).isCloseTo(row[c], within(TOLERANCE));
            }
        }
    }

    private static int[] labels(DMatrixRMaj y) {
        int[] labels = new int[y.numRows];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (int) y.data[i];
        }
        return labels;
    }

    private static Stream<JsonNode> cases(String section) {
        List<JsonNode> list = new ArrayList<>();
        ROOT.get(section).forEach(list::add);
        return list.stream();
    }

    private static JsonNode load() {
        try (InputStream in = DataKindsTests.class.getResourceAsStream("/golden/data/datasets.json")) {
            return JsonMapper.builder().build().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
