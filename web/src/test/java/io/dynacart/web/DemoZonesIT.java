package io.dynacart.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's five nodes in zones a, b, c (n1, n4 in a; n2, n5 in b; n3 in c): the state and the
 * cluster page show each node's zone and the ring's zone band, the control API and the page's
 * button cut a zone off (the zone's nodes against the rest) and heal ends it, a bad zone is a 400
 * naming it, and the demo's data refuses to restart in other zones.
 */
class DemoZonesIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path data;

    static DemoApp app;

    @BeforeAll
    static void start() {
        app = DemoApp.start(DemoApp.Config.forTests(data).withZones(List.of("a", "b", "c")));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private WebClient browser() {
        return new WebClient(app.address());
    }

    @Test
    void theStateAndTheClusterPageShowTheZones() throws Exception {
        JsonNode state = JSON.readTree(browser().get("/control/state").body());
        assertThat(state.path("zones")).extracting(JsonNode::asText).containsExactly("a", "b", "c");
        Map<String, String> zoneOf = new TreeMap<>();
        state.path("nodes").forEach(n -> zoneOf.put(n.path("id").asText(), n.path("zone").asText()));
        assertThat(zoneOf).isEqualTo(Map.of("n1", "a", "n2", "b", "n3", "c", "n4", "a", "n5", "b"));

        String page = browser().get("/cluster").body();
        assertThat(page).contains("id=\"cut-zone-a\"", "id=\"cut-zone-b\"", "id=\"cut-zone-c\"", "class=\"zone-band\"",
                "zone-legend", "<td class=\"zone\">a</td>");
    }

    @Test
    void aZoneIsCutOffByTheControlApiAndTheButtonAndHealed() throws Exception {
        WebClient b = browser();
        HttpResponse<String> cut = b.postJson("/control/zones/a/cut", "{}");
        assertThat(cut.statusCode()).isEqualTo(200);
        JsonNode state = JSON.readTree(cut.body());
        assertThat(state.path("cutZone").asText()).isEqualTo("a");
        assertThat(groups(state)).as("zone a against the rest").containsExactly(List.of("n1", "n4"),
                List.of("n2", "n3", "n5"));
        String token = b.csrf();
        assertThat(b.postForm("/cart/add", "_csrf", token, "product", "tent").statusCode())
                .as("the shop works with a zone cut off").isEqualTo(302);

        HttpResponse<String> button = b.postForm("/cluster/zones/b/cut", "_csrf", token);
        assertThat(button.statusCode()).as("the page's button redirects with a notice").isEqualTo(302);
        JsonNode after = JSON.readTree(b.get("/control/state").body());
        assertThat(after.path("cutZone").asText()).isEqualTo("b");
        assertThat(groups(after)).containsExactly(List.of("n2", "n5"), List.of("n1", "n3", "n4"));
        assertThat(b.get("/cluster/nodes").body()).contains("zone b cut off");

        HttpResponse<String> healed = b.postJson("/control/heal", "{}");
        assertThat(JSON.readTree(healed.body()).path("cutZone").asText()).isEmpty();
        assertThat(healed.body()).contains("\"partition\":[]");
    }

    @Test
    void aBadOrUnknownZoneIsA400NamingIt() {
        WebClient b = browser();
        HttpResponse<String> unknown = b.postJson("/control/zones/x/cut", "{}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).startsWith("{\"error\":").contains("no node of the ring is in zone x")
                .contains("[a, b, c]");
        HttpResponse<String> bad = b.postJson("/control/zones/a%2Bb/cut", "{}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("bad zone: zone contains the character '+'");
    }

    @Test
    void theDemosDataRefusesToRestartInOtherZones(@TempDir Path other) {
        DemoData.open(other, false, 5, List.of("a", "b"));
        assertThatThrownBy(() -> DemoData.open(other, false, 5, List.of("a", "b", "c")))
                .hasMessageContaining("holds a demo cluster in zones a,b; run with --zones a,b, or --fresh");
        assertThatThrownBy(() -> DemoData.open(other, false, 5, List.of())).hasMessageContaining("--zones a,b");
        assertThatThrownBy(() -> DemoApp.Config.forTests(other).withZones(List.of("a", "a")))
                .hasMessageContaining("--zones must name distinct zones");
    }

    private static List<List<String>> groups(JsonNode state) {
        List<List<String>> out = new ArrayList<>();
        state.path("partition").forEach(g -> {
            List<String> ids = new ArrayList<>();
            g.forEach(id -> ids.add(id.asText()));
            out.add(ids);
        });
        return out;
    }
}
