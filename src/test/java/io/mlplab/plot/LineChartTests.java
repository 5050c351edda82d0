package io.mlplab.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class LineChartTests {

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void drawsOneGroupPerSeriesWithALegendEntryAndParsesAsXml() throws Exception {
        double[] x = {0, 1, 2, 3};
        String svg = new LineChart("loss <&> \"quoted\"", "epoch", "loss", false)
                .add("train", x, new double[] {4, 3, 2, 1})
                .add("test", x, new double[] {5, 4, 3, 2})
                .toSvg();

        Document doc = parse(svg);
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        NodeList groups = doc.getElementsByTagName("g");
        int series = 0;
        int legends = 0;
        for (int i = 0; i < groups.getLength(); i++) {
            String cls = ((Element) groups.item(i)).getAttribute("class");
            series += cls.equals("series") ? 1 : 0;
            legends += cls.equals("legend") ? 1 : 0;
        }
        assertThat(series).isEqualTo(2);
        assertThat(legends).isEqualTo(2);
        assertThat(svg).contains("loss &lt;&amp;&gt; &quot;quoted&quot;");
    }

    @Test
    void breaksTheLineAtNonFiniteAndOnLogAxesNonPositiveValues() throws Exception {
        double[] x = {0, 1, 2, 3, 4, 5};
        String svg = new LineChart("g", "epoch", "norm", true)
                .add("layer 1", x, new double[] {1e-3, 1e-4, Double.NaN, 1e-5, 0, 1e-6})
                .toSvg();
        Document doc = parse(svg);
        // three unbroken runs: [0,1], [3], [5]
        assertThat(doc.getElementsByTagName("polyline").getLength()).isEqualTo(3);
        assertThat(svg).contains(">1e-6<").contains(">1e-3<");
    }

    @Test
    void picksNiceTickSteps() {
        assertThat(Ticks.niceStep(0.7)).isEqualTo(1.0);
        assertThat(Ticks.niceStep(130)).isEqualTo(200.0);
        assertThat(Ticks.niceStep(0.0031)).isEqualTo(0.005);
        assertThat(Ticks.linear(0, 999, 8)).containsExactly(0.0, 200.0, 400.0, 600.0, 800.0);
    }

    @Test
    void emptyChartIsStillAValidDocument() throws Exception {
        assertThat(parse(new LineChart("empty", "x", "y", true).toSvg()).getElementsByTagName("polyline").getLength())
                .isZero();
    }

    @Test
    void labelsANarrowLogAxisBetweenTheDecades() throws Exception {
        double[] x = {0, 1, 2, 3};
        // a loss from 0.5 down to 0.2: within one decade, so 0.2 and 0.5 are labelled as well as 0.1 and 1
        String svg = new LineChart("l", "epoch", "loss", true).add("train", x, new double[] {0.5, 0.3, 0.22, 0.2})
                .toSvg();
        parse(svg);
        assertThat(svg).contains(">0.1<").contains(">0.2<").contains(">0.5<").contains(">1<");
    }

    @Test
    void zoomsALogAxisOnAFlatCurve() throws Exception {
        double[] x = {0, 1, 2, 3};
        // the seed's stuck ReLU net: 0.24996 to 0.24990, a flat line at whole decades
        String svg = new LineChart("l", "epoch", "loss", true)
                .add("train", x, new double[] {0.24996, 0.24994, 0.24991, 0.24990}).toSvg();
        parse(svg);
        assertThat(svg).doesNotContain(">1e0<").doesNotContain(">1e-1<").contains(">0.24990<").contains(">0.24995<");
    }

    @Test
    void keepsDecadesOnAWideLogAxis() {
        assertThat(Ticks.logarithmic(-6, -1)).extracting(Ticks.Tick::label)
                .containsExactly("1e-6", "1e-5", "1e-4", "1e-3", "1e-2", "1e-1");
    }
}
