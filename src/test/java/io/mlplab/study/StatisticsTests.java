package io.mlplab.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The table's statistics on cases worked out by hand. */
class StatisticsTests {

    @Test
    void meanStdMinMaxOfThreeAccuracies() {
        // mean (1 + 0.46 + 0.46) / 3 = 0.64; deviations 0.36, -0.18, -0.18; squares 0.1296 + 0.0324 + 0.0324
        // = 0.1944; / 3 = 0.0648; std = sqrt(0.0648) = 0.254558441...
        Statistics s = Statistics.of(new double[] {1.0, 0.46, 0.46});

        assertThat(s.n()).isEqualTo(3);
        assertThat(s.mean()).isCloseTo(0.64, within(1e-15));
        assertThat(s.std()).isCloseTo(0.2545584412271571, within(1e-15));
        assertThat(s.min()).isEqualTo(0.46);
        assertThat(s.max()).isEqualTo(1.0);
    }

    @Test
    void theStandardDeviationIsThePopulationOne() {
        // 2 and 4: mean 3, population variance (1 + 1) / 2 = 1 (the sample variance would be 2)
        Statistics s = Statistics.of(new double[] {2, 4});

        assertThat(s.std()).isEqualTo(1.0);
    }

    @Test
    void oneMemberHasNoSpread() {
        Statistics s = Statistics.of(new double[] {0.25});

        assertThat(s).isEqualTo(new Statistics(1, 0.25, 0.0, 0.25, 0.25));
    }

    @Test
    void valuesThatAreNotFiniteDoNotCount() {
        // a diverged loss (NaN) and an infinite one are left out: mean of 1 and 3 is 2, std 1
        Statistics s = Statistics.of(new double[] {1, Double.NaN, 3, Double.POSITIVE_INFINITY});

        assertThat(s).isEqualTo(new Statistics(2, 2.0, 1.0, 1.0, 3.0));
    }

    @Test
    void noValueGivesNulls() {
        assertThat(Statistics.of(new double[] {Double.NaN})).isEqualTo(Statistics.NONE);
        assertThat(Statistics.of(new double[0]).mean()).isNull();
    }
}
