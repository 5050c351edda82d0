package io.mlplab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GaussianBlobsTests {

    @Test
    void drawsTheCentresThenTheSamplesAsNumpyDoes() {
        // np.random.seed(5); C = 2.0 * (2 * rand(3, 2) - 1); X = randn(7, 2) * 0.5 + C[labels]
        Dataset data = new GaussianBlobs(7, 2, 3, 2.0, 0.5).generate(new NumpyRandom(5));
        assertThat(data.x().data).containsExactly(-1.0572223948519506, 2.2741697832402874, -1.5666435180691631,
                1.1871108957443615, -1.0793217657237766, 1.5095086528620065, -1.7695056848531974,
                1.5720053764578925, -0.225769718321305, 0.7487112529153306, -0.8787495095565306,
                0.09688593276560714, 0.5293402599229017, 1.3756409552262387);
        assertThat(data.y().data).containsExactly(0, 0, 1, 1, 2, 2, 2);
        assertThat(data.classes()).isEqualTo(3);
    }

    @Test
    void givesEachClassAConsecutiveBlockOfRows() {
        Dataset data = new GaussianBlobs(10, 1, 4, 1.0, 1.0).generate(new NumpyRandom(1));
        // boundaries at c·10/4: 2, 5, 7
        assertThat(data.y().data).containsExactly(0, 0, 1, 1, 1, 2, 2, 3, 3, 3);
    }

    @Test
    void rejectsFewerSamplesThanClasses() {
        assertThatThrownBy(() -> new GaussianBlobs(2, 2, 3, 1.0, 1.0)).isInstanceOf(IllegalArgumentException.class);
    }
}
