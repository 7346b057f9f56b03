package io.dynacart.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynacart.store.identity.NodeId;
import io.dynacart.cart.CartId;
import io.dynacart.store.api.GetResult;
import io.dynacart.store.identity.Key;
import io.dynacart.testing.Await;
import io.dynacart.web.shop.Shop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's routes over real HTTP against a real five-node cluster (free ports, a temp dir):
 * pages, the cart flow, the control API, CSRF, and bad input answered with a proper error page
 * and never a stack trace.
 */
class WebRoutesIT {

    @TempDir
    static Path data;

    static DemoApp app;

    @BeforeAll
    static void start() {
        app = DemoApp.start(DemoApp.Config.forTests(data).withCartTtl(Duration.ofHours(2)));
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

    private static void assertNoStackTrace(HttpResponse<String> r) {
        assertThat(r.body()).as("an error answer shows no stack trace or exception class")
                .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("at io.");
    }

    @Test
    void theRootLeadsToTheShopAndTheSessionCookieIsHttpOnlyAndSameSite() {
        WebClient b = browser();
        HttpResponse<String> root = b.get("/");
        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("Location")).hasValue("/shop");
        HttpResponse<String> shop = b.get("/shop");
        assertThat(shop.statusCode()).isEqualTo(200);
        assertThat(shop.body()).contains("Stovetop kettle").contains("id=\"cart-badge\">0<");
        List<String> cookies = new ArrayList<>(root.headers().allValues("Set-Cookie"));
        cookies.addAll(shop.headers().allValues("Set-Cookie"));
        assertThat(cookies)
                .anySatisfy(c -> assertThat(c).startsWith("dc_session=").containsIgnoringCase("HttpOnly")
                        .containsIgnoringCase("SameSite=Lax"))
                .anySatisfy(c -> assertThat(c).startsWith("dc_cart=").containsIgnoringCase("HttpOnly")
                        .containsIgnoringCase("SameSite=Lax"));
    }

    @Test
    void addedProductsAppearInTheCartWithTheirTotalAndCheckoutPlacesTheOrder() {
        WebClient b = browser();
        String token = b.csrf();
        HttpResponse<String> first = b.postForm("/cart/add", "_csrf", token, "product", "kettle", "quantity", "2");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(302);
        assertThat(first.headers().firstValue("Location")).as("back to the product's card")
                .hasValue("/shop#product-kettle");
        HttpResponse<String> shop = b.get("/shop");
        assertThat(shop.body()).as("the notice says how many").contains("Added 2 × Stovetop kettle to your cart.")
                .contains("id=\"in-cart-kettle\">2 in your cart<");
        assertThat(b.get("/shop").body()).as("a notice shows once").doesNotContain("Added 2 ×");
        assertThat(b.postForm("/cart/add", "_csrf", token, "product", "honey").statusCode()).isEqualTo(302);
        HttpResponse<String> cart = b.get("/cart");
        assertThat(cart.body()).contains("Stovetop kettle").contains("Wildflower honey")
                .contains("€77.93").contains("id=\"cart-badge\">3<");

        assertThat(b.postForm("/cart/set", "_csrf", token, "product", "kettle", "quantity", "1").statusCode())
                .isEqualTo(302);
        assertThat(b.postForm("/cart/remove", "_csrf", token, "product", "honey").statusCode()).isEqualTo(302);
        assertThat(b.get("/cart").body()).contains("€34.99").doesNotContain("Wildflower honey");

        HttpResponse<String> checkout = b.postForm("/cart/checkout", "_csrf", token);
        assertThat(checkout.statusCode()).isEqualTo(302);
        String location = checkout.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("/cart?order=");
        assertThat(b.get(location).body()).contains("placed").contains("id=\"empty-cart\"");
    }

    @Test
    void noticesAreTheServersOwnWordsShownOnceNeverTextFromTheAddress() {
        WebClient b = browser();
        String forged = "Your account is locked, call 555";
        for (String page : new String[] {"/cluster", "/lab", "/lab/paper", "/shop", "/cart", "/keys"}) {
            String body = b.get(page + "?notice=" + URLEncoder.encode(forged, StandardCharsets.UTF_8) + "&added=kettle&problem=1")
                    .body();
            assertThat(body).as(page).doesNotContain("account is locked").doesNotContain("id=\"notice\"");
        }
        String token = b.csrf();
        HttpResponse<String> shoppers = b.postForm("/cluster/shoppers", "_csrf", token, "state", "off");
        assertThat(shoppers.statusCode()).isEqualTo(302);
        assertThat(shoppers.headers().firstValue("Location")).hasValue("/cluster");
        assertThat(b.get("/cluster").body()).contains("id=\"notice\">Background shoppers off.<");
        assertThat(b.get("/cluster").body()).as("shown once").doesNotContain("id=\"notice\"");
        assertThat(browser().get("/cluster").body()).as("only to the browser that acted").doesNotContain("id=\"notice\"");
    }

    @Test
    void aForgedCartCookieIsSetAsideAndTheShopperIsTold() throws Exception {
        // Cookies by hand (no cookie store), so that the forged one is the only cart cookie sent.
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        String session = "dc_session=AAAAAAAAAAAAAAAAAAAAforg";
        String forged = session + "; dc_cart=somebody-elses.0123456789abcdef";
        HttpResponse<String> shop = http.send(HttpRequest.newBuilder(app.address().resolve("/shop"))
                .header("Cookie", forged).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(shop.statusCode()).isEqualTo(200);
        assertThat(shop.body()).contains("id=\"notice\">" + Shop.REFUSED_COOKIE_NOTICE)
                .contains("id=\"cart-badge\">0<");
        List<String> setCookies = shop.headers().allValues("Set-Cookie");
        assertThat(setCookies).as("a new cart, in a new cookie")
                .anySatisfy(c -> assertThat(c).startsWith("dc_cart=").doesNotContain("somebody-elses"));
        String newCart = setCookies.stream().filter(c -> c.startsWith("dc_cart=")).findFirst().orElseThrow()
                .split(";", 2)[0];
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(shop.body());
        assertThat(token.find()).isTrue();

        HttpResponse<String> add = http.send(HttpRequest.newBuilder(app.address().resolve("/cart/add"))
                .header("Cookie", forged).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + token.group(1) + "&product=honey")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(add.statusCode()).as("a form sent with a forged cart still works, on a new cart").isEqualTo(302);
        HttpResponse<String> after = http.send(HttpRequest.newBuilder(app.address().resolve("/shop"))
                .header("Cookie", session + "; " + newCart).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(after.body()).contains("did not sign").contains("Added 1 × Wildflower honey to your cart.");
    }

    @Test
    void everyPageShowsTheCartBadgeAndTheFavicon() {
        WebClient b = browser();
        String token = b.csrf();
        assertThat(b.postForm("/cart/add", "_csrf", token, "product", "tent", "quantity", "3").statusCode()).isEqualTo(302);
        for (String page : new String[] {"/shop", "/cart", "/lab", "/lab/paper", "/cluster"}) {
            String body = b.get(page).body();
            assertThat(body).as(page).contains("id=\"cart-badge\">3<").contains("<link rel=\"icon\" href=\"/static/favicon.svg\"");
        }
        HttpResponse<String> icon = b.get("/favicon.ico");
        assertThat(icon.statusCode()).isEqualTo(200);
        assertThat(icon.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("image/svg+xml"));
        assertThat(icon.body()).startsWith("<svg");
        assertThat(b.get("/static/favicon.svg").statusCode()).isEqualTo(200);
    }

    @Test
    void aLongUnknownPathIsShortenedInItsErrorPage() {
        String path = "/" + "x".repeat(3000);
        HttpResponse<String> r = browser().get(path);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("There is no page at /" + "x".repeat(79) + "… (3001 characters).")
                .doesNotContain("x".repeat(81));
        assertNoStackTrace(r);
    }

    @Test
    void anAddressOrHeadersTooLargeGetTheDemosStyledErrorPage() {
        WebClient b = browser();
        HttpResponse<String> longAddress = b.get("/shop?q=" + "a".repeat(10_000));
        assertThat(longAddress.statusCode()).isEqualTo(414);
        HttpResponse<String> bigHeaders = b.send(HttpRequest.newBuilder(app.address().resolve("/shop"))
                .header("X-Padding", "b".repeat(10_000)).GET());
        assertThat(bigHeaders.statusCode()).isEqualTo(431);
        for (HttpResponse<String> r : List.of(longAddress, bigHeaders)) {
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("text/html"));
            assertThat(r.body()).as("styled like every other error page")
                    .contains("<link rel=\"stylesheet\" href=\"/static/app.css\">").contains("<section class=\"error\">")
                    .contains("<a href=\"/shop\">Back to the shop</a>").doesNotContain("aaaaaaaaaa");
            assertNoStackTrace(r);
        }
        assertThat(longAddress.body()).contains("414 · Address too long").contains("The address is too long");
        assertThat(bigHeaders.body()).contains("431 · Headers too large").contains("cookies");
    }

    @Test
    void aFormWithoutOrWithAForgedCsrfTokenIsRefused() {
        WebClient b = browser();
        b.csrf();
        HttpResponse<String> none = b.postForm("/cart/add", "product", "kettle");
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(none.body()).contains("CSRF");
        HttpResponse<String> forged = b.postForm("/cluster/heal", "_csrf", "forged-token");
        assertThat(forged.statusCode()).isEqualTo(403);
        WebClient other = browser();
        HttpResponse<String> someoneElses = other.postForm("/cart/add", "_csrf", b.csrf(), "product", "kettle");
        assertThat(someoneElses.statusCode()).as("a token is bound to its session").isEqualTo(403);
        assertNoStackTrace(forged);
    }

    @Test
    void theShopsNamespacesAreMadeWithTheCartTtlAsked() throws Exception {
        InetSocketAddress http = app.control().cluster().addresses(NodeId.of("n1")).http();
        URI node = URI.create("http://" + http.getHostString() + ":" + http.getPort());
        JsonNode namespaces = new ObjectMapper().readTree(new WebClient(node).get("/namespaces").body()).path("namespaces");
        Map<String, JsonNode> byName = new HashMap<>();
        namespaces.forEach(ns -> byName.put(ns.path("name").asText(), ns));
        assertThat(byName).containsKeys("cart", "order", "catalog", "session");
        assertThat(byName.get("cart").path("ttlSeconds").asLong()).as("--cart-ttl 2h").isEqualTo(7200);
        assertThat(byName.get("cart").path("reconcile").asText()).isEqualTo("siblings");
        assertThat(byName.get("session").path("reconcile").asText()).isEqualTo("last-write-wins");
        assertThat(byName.get("session").path("ttlSeconds").asLong()).isEqualTo(12 * 3600);
    }

    @Test
    void eachPageABrowserSeesGoesIntoItsSessionInTheLastWriteWinsNamespace() {
        WebClient b = browser();
        assertThat(b.get("/shop").statusCode()).isEqualTo(200);
        assertThat(b.get("/lab").statusCode()).isEqualTo(200);
        // Pages are noted in the background: the cart page shows the session once the store has it.
        AtomicReference<String> cart = new AtomicReference<>("");
        Await.until("the cart page shows the session's pages, the cart page last", Duration.ofSeconds(30), () -> {
            cart.set(b.get("/cart").body());
            return cart.get().contains("id=\"session-last\">/cart<");
        }, () -> cart.get().replaceAll("(?s).*(<section class=\"session\".*?</section>).*", "$1"));
        assertThat(cart.get()).contains("id=\"session-pages\">").contains("<code>session</code> namespace");
        assertThat(Integer.parseInt(cart.get().replaceAll("(?s).*id=\"session-pages\">(\\d+)<.*", "$1")))
                .as("shop, lab and at least one cart page, less any count a concurrent write replaced")
                .isGreaterThanOrEqualTo(2);
        assertThat(browser().get("/cart").body()).as("another browser has a session of its own")
                .contains("id=\"session-none\"");
    }

    @Test
    void unknownRoutesGetAnErrorPage() {
        HttpResponse<String> r = browser().get("/no/such/page");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("text/html"));
        assertThat(r.body()).contains("There is no page at /no/such/page");
        assertNoStackTrace(r);
    }

    @Test
    void absurdOrMalformedQuantitiesAndUnknownProductsAre400() {
        WebClient b = browser();
        String token = b.csrf();
        for (String q : new String[] {"1000000000", "-5", "0", "99999999999999999999", "abc"}) {
            HttpResponse<String> r = b.postForm("/cart/add", "_csrf", token, "product", "kettle", "quantity", q);
            assertThat(r.statusCode()).as("quantity " + q).isEqualTo(400);
            assertNoStackTrace(r);
        }
        HttpResponse<String> unknown = b.postForm("/cart/add", "_csrf", token, "product", "unicorn");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("unicorn");
        HttpResponse<String> bad = b.postForm("/cart/add", "_csrf", token, "product", "<script>");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).doesNotContain("<script>");
        assertThat(b.get("/cart").body()).doesNotContain("Stovetop kettle");
    }

    @Test
    void anOversizedFormIs413() {
        WebClient b = browser();
        String token = b.csrf();
        HttpResponse<String> r = b.postForm("/cart/add", "_csrf", token, "product", "kettle", "padding",
                "x".repeat(WebServer.MAX_REQUEST_BYTES * 4));
        assertThat(r.statusCode()).isEqualTo(413);
        assertNoStackTrace(r);
    }

    @Test
    void theControlApiReportsStateAndNamesBadInput() {
        WebClient b = browser();
        HttpResponse<String> state = b.get("/control/state");
        assertThat(state.statusCode()).isEqualTo(200);
        assertThat(state.body()).contains("\"id\":\"n1\"").contains("\"id\":\"n5\"").contains("\"status\":\"up\"")
                .as("each node's reclaimed space, as GET /cluster shows it").contains("\"reclaim\":{\"partitionsDropped\":0,");
        assertThat(b.get("/cluster").body()).as("the cluster page's node table").contains("reclaimed", "KiB back");

        HttpResponse<String> unknown = b.postJson("/control/nodes/n9/stop", "{}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).startsWith("{\"error\":").contains("n9");

        HttpResponse<String> malformed = b.postJson("/control/partition", "{\"groups\":[[\"n1\"]");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("malformed JSON: the body ends before the JSON does (at line 1, column 18)");
        for (String[] call : new String[][] {{"/control/partition", "{\"groups\": x}"}, {"/control/heal", "xyz"},
            {"/control/nodes/n1/stop", "{"}, {"/control/join", "{\"a\":1,}"}}) {
            HttpResponse<String> r = b.postJson(call[0], call[1]);
            assertThat(r.statusCode()).as(call[0] + " " + call[1]).isEqualTo(400);
            assertThat(r.body()).as("in words, not the parser's").contains("malformed JSON").contains("line 1, column")
                    .doesNotContain("Source").doesNotContain("StreamReadFeature").doesNotContain("token")
                    .doesNotContain("Jackson").doesNotContain("marker");
        }
        HttpResponse<String> notAnObject = b.postJson("/control/heal", "[]");
        assertThat(notAnObject.statusCode()).isEqualTo(400);
        assertThat(notAnObject.body()).contains("the body must be a JSON object");

        HttpResponse<String> uncovered = b.postJson("/control/partition", "{\"groups\":[[\"n1\",\"n2\"],[\"n3\"]]}");
        assertThat(uncovered.statusCode()).isEqualTo(400);
        assertThat(uncovered.body()).contains("missing: n4, n5");

        HttpResponse<String> twice = b.postJson("/control/partition", "{\"groups\":[[\"n1\",\"n2\"],[\"n2\",\"n3\",\"n4\",\"n5\"]]}");
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(twice.body()).contains("n2");

        HttpResponse<String> action = b.postJson("/control/nodes/n1/explode", "{}");
        assertThat(action.statusCode()).isEqualTo(400);
        assertNoStackTrace(action);
    }

    @Test
    void controlCallsMustBeJsonFromNoOtherOrigin() {
        WebClient b = browser();
        HttpResponse<String> form = b.postRaw("/control/heal", "application/x-www-form-urlencoded", "");
        assertThat(form.statusCode()).isEqualTo(415);
        HttpResponse<String> foreign = b.send(HttpRequest.newBuilder(app.address().resolve("/control/heal"))
                .header("Content-Type", "application/json").header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(foreign.statusCode()).isEqualTo(403);
        HttpResponse<String> healed = b.postJson("/control/heal", "{}");
        assertThat(healed.statusCode()).isEqualTo(200);
        assertThat(healed.body()).contains("\"partition\":[]");
    }

    @Test
    void stoppingAndStartingANodeOverTheControlApiShowsInItsState() {
        WebClient b = browser();
        HttpResponse<String> stopped = b.postJson("/control/nodes/n5/stop", "{}");
        assertThat(stopped.statusCode()).isEqualTo(200);
        assertThat(stopped.body()).contains("{\"id\":\"n5\",\"status\":\"down\"");
        String token = b.csrf();
        assertThat(b.postForm("/cart/add", "_csrf", token, "product", "tent").statusCode())
                .as("the shop works with a node down").isEqualTo(302);
        HttpResponse<String> started = b.postJson("/control/nodes/n5/start", "{}");
        assertThat(started.statusCode()).isEqualTo(200);
        assertThat(started.body()).contains("{\"id\":\"n5\",\"status\":\"up\"");

        // The charts' data tells the story: each action with its time, for the markers.
        JsonNode charts = json(b.get("/cluster/metrics.json").body());
        List<String> texts = new ArrayList<>();
        charts.path("events").forEach(e -> {
            texts.add(e.path("kind").asText() + ": " + e.path("text").asText());
            assertThat(e.path("millis").asLong()).isBetween(System.currentTimeMillis() - 120_000, System.currentTimeMillis());
        });
        assertThat(texts).containsSubsequence("stop: stop n5", "restart: restart n5");
        assertThat(charts.path("background").path("hints").isArray()).isTrue();
        assertThat(charts.path("background").path("transfers").size())
                .isEqualTo(charts.path("background").path("time").size());
    }

    private static JsonNode json(String body) {
        try {
            return new ObjectMapper().readTree(body);
        } catch (IOException e) {
            throw new AssertionError(body, e);
        }
    }

    @Test
    void theChartsDataIsJsonWithEveryOperation() {
        HttpResponse<String> r = browser().get("/cluster/metrics.json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"time\":").contains("\"get\":").contains("\"put\":")
                .contains("\"divergence\":").contains("\"sinceStart\":").contains("\"events\":");
        assertThat(json(r.body()).path("divergence").path("seconds").asLong()).as("the panel's window: the last minute")
                .isBetween(0L, 60L);
    }

    @Test
    void theClusterPageShowsEveryNodeAndTheRing() {
        HttpResponse<String> r = browser().get("/cluster");
        assertThat(r.statusCode()).isEqualTo(200);
        for (int i = 1; i <= 5; i++) {
            assertThat(r.body()).contains("id=\"node-n" + i + "\"");
        }
        assertThat(r.body()).contains("<svg").contains("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js");
        assertThat(browser().get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js").statusCode()).isEqualTo(200);
        assertThat(browser().get("/static/cluster.js").statusCode()).isEqualTo(200);
    }

    @Test
    void theLabShowsBothDevicesAndBothMergesOfOneCart() {
        WebClient b = browser();
        assertThat(b.get("/lab").body()).contains("id=\"device-A\"").contains("id=\"device-B\"")
                .contains("id=\"merged-paper\"").contains("id=\"merged-observed-remove\"")
                .contains("href=\"/lab/paper\"");
        // The policy was once a parameter that switched carts; an old link still shows the one cart.
        assertThat(b.get("/lab?policy=%3Cscript%3E").body()).contains("id=\"merged-paper\"")
                .doesNotContain("<script>");
    }

    @Test
    void aCartEditedOnBothSidesOfAPartitionShowsTheMergeNoticeAndKeepsEveryAdd() throws Exception {
        WebClient b = browser();
        String token = b.csrf();
        Key cart = CartId.of(b.cookie(Shop.CART_COOKIE)).key();
        List<String> names = new ArrayList<>();
        assertThat(b.postJson("/control/partition", "{\"groups\":[[\"n1\",\"n2\"],[\"n3\",\"n4\",\"n5\"]]}")
                .statusCode()).isEqualTo(200);
        try {
            assertThat(app.control().awaitDetectors(Duration.ofSeconds(30)))
                    .as("detectors: %s", app.control().detectorDisagreements()).isTrue();
            // The shop sends each call to the next running node, so its adds land on both sides; but an add
            // reads through one node and writes through the next, and one that reads on a side and writes on
            // the other carries that side's versions across. Add until each side holds a version the other's
            // read has not seen.
            Map<String, String> products = new LinkedHashMap<>();
            products.put("headlamp", "Headlamp");
            products.put("compass", "Baseplate compass");
            products.put("tent", "Two-person tent");
            products.put("rain-jacket", "Rain jacket");
            products.put("sleeping-bag", "Down sleeping bag");
            products.put("water-bottle", "Steel water bottle");
            for (Map.Entry<String, String> product : products.entrySet()) {
                addRetryingUnavailable(b, token, product.getKey());
                names.add(product.getValue());
                if (names.size() >= 2 && sidesDiverged(cart)) {
                    break;
                }
            }
            assertThat(sidesDiverged(cart)).as("after %s, each side holds a version the other has not seen", names)
                    .isTrue();
        } finally {
            b.postJson("/control/heal", "{}");
        }
        assertThat(app.control().awaitDetectors(Duration.ofSeconds(30)))
                    .as("detectors: %s", app.control().detectorDisagreements()).isTrue();
        // The read that reconciles the siblings is the one whose page says so: keep that page.
        AtomicReference<String> page = new AtomicReference<>("");
        Await.until("the cart page to say it merged the sides' versions", Duration.ofSeconds(20), () -> {
            page.set(b.get("/cart").body());
            return page.get().contains("id=\"merged-notice\"");
        }, () -> page.get().replaceAll("(?s).*<main>(.*?)<table.*", "$1"));
        assertThat(page.get()).as("the read that reconciled the siblings says so").contains("id=\"merged-notice\"")
                .contains(names);
    }

    /**
     * Whether each side of the partition {n1, n2} | {n3, n4, n5} holds a version of {@code key} that a
     * read on the other side has not seen (a read through n1, one through n3, with the namespace's R).
     */
    private static boolean sidesDiverged(Key key) throws Exception {
        GetResult a = app.control().cluster().client(NodeId.of("n1")).get(key).get(10, TimeUnit.SECONDS);
        GetResult b = app.control().cluster().client(NodeId.of("n3")).get(key).get(10, TimeUnit.SECONDS);
        return b.versions().stream().anyMatch(v -> !a.context().covers(v))
                && a.versions().stream().anyMatch(v -> !b.context().covers(v));
    }

    @Test
    void theKeyExplorerShowsACartsKeyOnEveryReplicaRepairsItAndNamesBadInput() {
        WebClient b = browser();
        String token = b.csrf();
        assertThat(b.postForm("/cart/add", "_csrf", token, "product", "kettle").statusCode()).isEqualTo(302);
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("href=\"(/keys\\?ns=cart&amp;key=([^\"]+))\" "
                + "id=\"explore-cart\"").matcher(b.get("/cart").body());
        assertThat(link.find()).as("the cart page links to its key in the explorer").isTrue();
        String cartId = link.group(2);

        HttpResponse<String> page = b.get("/keys?ns=cart&key=" + cartId);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"key-hash\"", "id=\"key-dot\"", "id=\"repair-key\"",
                "href=\"/keys\" id=\"keys-link\"", "Stovetop kettle");
        assertThat(page.body().split("class=\"replica ").length - 1).as("the replicas' rows").isGreaterThanOrEqualTo(3);
        assertThat(page.body().split("data-role=\"primary\" data-differs=").length - 1).isEqualTo(3);

        HttpResponse<String> repaired = b.postForm("/keys/repair", "_csrf", token, "ns", "cart", "key", cartId, "from", "n2");
        assertThat(repaired.statusCode()).as(repaired.body()).isEqualTo(302);
        String back = repaired.headers().firstValue("Location").orElseThrow();
        assertThat(back).contains("from=n2").doesNotContain("notice=");
        assertThat(b.get(back).body()).contains("Read repair coordinated by n2");
        assertThat(b.postForm("/keys/repair", "ns", "cart", "key", cartId).statusCode()).as("no CSRF token").isEqualTo(403);

        // Anti-entropy asked of a node that holds no replica of the key is begun by the key's first primary.
        Matcher placed = Pattern.compile("class=\"placed\" data-node=\"(n\\d)\" data-role=\"([a-z0-9 ]+)\"")
                .matcher(page.body());
        List<String> primaries = new ArrayList<>();
        String fallback = null;
        while (placed.find()) {
            if (placed.group(2).equals("primary")) {
                primaries.add(placed.group(1));
            } else if (fallback == null) {
                fallback = placed.group(1);
            }
        }
        assertThat(primaries).hasSize(3);
        assertThat(b.get("/keys?ns=cart&key=" + cartId + "&from=" + fallback).body())
                .contains("between " + primaries.get(0) + " (the key's first primary: " + fallback + " holds no replica of it)");
        HttpResponse<String> ae = b.postForm("/keys/anti-entropy", "_csrf", token, "ns", "cart", "key", cartId, "from", fallback);
        assertThat(ae.statusCode()).as(ae.body()).isEqualTo(302);
        assertThat(b.get(ae.headers().firstValue("Location").orElseThrow()).body())
                .contains("queued on " + primaries.get(0) + " (" + fallback + " holds no replica of it, so the key's first primary began them)");
        HttpResponse<String> noKey = b.postForm("/keys/repair", "_csrf", token, "ns", "cart", "key", "");
        assertThat(noKey.statusCode()).isEqualTo(400);
        assertThat(noKey.body()).contains("Name a key to explore");

        HttpResponse<String> tooLong = b.get("/keys?ns=cart&key=" + "a".repeat(1025));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("That key cannot be: key is 1025 bytes").contains("id=\"key-form\"");
        HttpResponse<String> badNs = b.get("/keys?ns=bad%20name&key=x");
        assertThat(badNs.statusCode()).isEqualTo(400);
        assertThat(badNs.body()).contains("That namespace cannot be");
        HttpResponse<String> unknown = b.get("/keys?ns=nowhere&key=x");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("knows no namespace").contains("nowhere").contains("cart, catalog, order");
        for (HttpResponse<String> r : java.util.List.of(noKey, tooLong, badNs, unknown)) {
            assertNoStackTrace(r);
        }
    }

    /**
     * Adds {@code product}, trying again while the store answers 503: in the seconds around a
     * partition a coordinator may still count on a replica across it. The cart service's adds are
     * idempotent per attempt only in that a failed one may or may not have landed; the assertions
     * that follow check presence, not counts.
     */
    private static void addRetryingUnavailable(WebClient b, String token, String product) throws InterruptedException {
        HttpResponse<String> r = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            r = b.postForm("/cart/add", "_csrf", token, "product", product);
            if (r.statusCode() != 503) {
                break;
            }
            System.err.println("add " + product + " answered 503, trying again: " + errorMessage(r.body()));
            Thread.sleep(500);
        }
        assertThat(r.statusCode()).as("add " + product + ": " + errorMessage(r.body())).isEqualTo(302);
    }

    private static String errorMessage(String page) {
        Matcher m = Pattern.compile("id=\"error-message\">([^<]*)<").matcher(page);
        return m.find() ? m.group(1) : page;
    }
}
