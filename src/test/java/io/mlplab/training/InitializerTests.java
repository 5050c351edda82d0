package io.mlplab.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mlplab.data.NumpyRandom;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each scheme draws what its javadoc says: the values are numpy's (from {@code initial_weights} in
 * {@code tools/reference/torch_reference.py}, seed 3, a (4, 3) tanh layer) and the stream is left where
 * numpy leaves it. Uniform schemes match to the last bit; normal ones to 1e-15, because
 * {@link NumpyRandom#nextGaussian()} may differ from numpy's {@code randn} by a few ulps (see its javadoc).
 */
class InitializerTests {

    static Stream<Arguments> numpyDraws() {
        return Stream.of(
                Arguments.of("uniform", null, new double[] {0.005507979025745755, 0.007081478226181048, 0.002909047389129443, 0.005108276051976631, 0.008929469543476547, 0.008962930889334381, 0.0012558531046383626, 0.0020724287813818675, 0.0005146720330082988, 0.004408098436506365, 0.00029876210878566954, 0.004568332243947111}, 0.6491440476147607),
                Arguments.of("xavier_uniform", null, new double[] {0.15676573076609945, 0.6423581263457772, -0.6452819849386187, 0.03341471508132732, 1.2126606282648864, 1.2229870237850942, -1.1554688174089334, -0.9034680925707632, -1.3842022619709575, -0.18266478818973564, -1.4508335111661836, -0.1332155616591597}, 0.6491440476147607),
                Arguments.of("xavier_normal", null, new double[] {1.5934368904297025, 0.38887388251613675, 0.08596677719443183, -1.6601312473197831, -0.2471170516528446, -0.31604441793004473, -0.07371197032892021, -0.5585765985595736, -0.03903632752945016, -0.4251396115229391, -1.170483752295572, 0.7880842534528142}, 0.6762549019801313),
                Arguments.of("he_uniform", null, new double[] {0.14664091362849785, 0.6008710070989867, -0.6036060263744333, 0.031256603877748645, 1.13434014934931, 1.1439996078685437, -1.0808421089612714, -0.8451170155704897, -1.2948026545732076, -0.17086726350840542, -1.357130481008531, -0.12461174757880866}, 0.6491440476147607),
                Arguments.of("he_normal", null, new double[] {1.490523727858599, 0.3637582087599912, 0.08041455672667386, -1.5529105861370758, -0.23115683542866589, -0.29563248272415565, -0.06895123456871648, -0.5225005640198728, -0.03651514081327353, -0.39768169196625225, -1.0948872944689019, 0.7371853170829872}, 0.6762549019801313),
                Arguments.of("lecun_normal", null, new double[] {0.8943142367151593, 0.21825492525599471, 0.04824873403600431, -0.9317463516822454, -0.13869410125719953, -0.17737948963449338, -0.041370740741229886, -0.31350033841192365, -0.02190908448796412, -0.23860901517975133, -0.6569323766813411, 0.4423111902497923}, 0.6762549019801313),
                Arguments.of("xavier_uniform", 0.5, new double[] {0.04702971922982979, 0.19270743790373313, -0.19358459548158558, 0.010024414524398173, 0.3637981884794659, 0.3668961071355282, -0.34664064522268, -0.27104042777122894, -0.4152606785912872, -0.05479943645692065, -0.43525005334985506, -0.039964668497747935}, 0.6491440476147607),
                Arguments.of("he_normal", 2.0, new double[] {1.7886284734303186, 0.43650985051198943, 0.09649746807200862, -1.8634927033644908, -0.27738820251439905, -0.35475897926898675, -0.08274148148245977, -0.6270006768238473, -0.04381816897592824, -0.47721803035950267, -1.3138647533626822, 0.8846223804995846}, 0.6762549019801313));
    }

    @ParameterizedTest(name = "{0}, gain {1}")
    @MethodSource("numpyDraws")
    void drawsExactlyWhatNumpyDraws(String scheme, Double gain, double[] expected, double nextRand) {
        DMatrixRMaj w = new DMatrixRMaj(4, 3);
        NumpyRandom random = new NumpyRandom(3);
        initializer(scheme, gain).initialize(w, new Activation.Tanh(), random);
        if (scheme.endsWith("normal")) {
            for (int i = 0; i < expected.length; i++) {
                assertThat(w.data[i]).isCloseTo(expected[i], within(1e-15 * Math.abs(expected[i])));
            }
        } else {
            assertThat(w.data).containsExactly(expected);
        }
        assertThat(random.nextDouble()).as("the stream after the layer").isEqualTo(nextRand);
    }

    @Test
    void heUniformBoundIsPyTorchsForRelu() {
        // kaiming_uniform_(w (out=200, in=50), nonlinearity="relu"): bound = sqrt(3) * sqrt(2) / sqrt(50)
        DMatrixRMaj w = new DMatrixRMaj(50, 200);
        new Initializer.HeUniform().initialize(w, new Activation.Relu(), new NumpyRandom(1));
        double bound = Math.sqrt(3.0) * (Math.sqrt(2.0) / Math.sqrt(50));
        assertThat(max(w)).isLessThanOrEqualTo(bound).isGreaterThan(0.99 * bound);
    }

    @Test
    void xavierUsesBothFansAndTheLayersOwnActivation() {
        // gain·sqrt(6/(fan_in + fan_out)); sigmoid's gain is 1, leaky ReLU's sqrt(2/(1 + slope²))
        DMatrixRMaj w = new DMatrixRMaj(30, 90);
        new Initializer.XavierUniform().initialize(w, new Activation.LeakyRelu(0.2), new NumpyRandom(1));
        double bound = Math.sqrt(2.0 / (1 + 0.04)) * Math.sqrt(6.0 / 120);
        assertThat(max(w)).isLessThanOrEqualTo(bound).isGreaterThan(0.99 * bound);
    }

    private static double max(DMatrixRMaj w) {
        double max = 0;
        for (double v : w.data) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    static Initializer initializer(String scheme, Double gain) {
        return switch (scheme) {
            case "uniform" -> new Initializer.Uniform(Initializer.Uniform.SEED_SCALE);
            case "xavier_uniform" -> new Initializer.XavierUniform(gain);
            case "xavier_normal" -> new Initializer.XavierNormal(gain);
            case "he_uniform" -> new Initializer.HeUniform(gain);
            case "he_normal" -> new Initializer.HeNormal(gain);
            case "lecun_normal" -> new Initializer.LecunNormal(gain);
            default -> throw new IllegalArgumentException(scheme);
        };
    }
}
