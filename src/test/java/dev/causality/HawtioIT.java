package dev.causality;

import dev.causality.testsupport.CausalityApp;
import dev.causality.testsupport.HawtioServer;
import dev.causality.testsupport.HeadlessChromium;
import dev.causality.testsupport.NatsServer;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hawtio, started by bin/hawtio, seen in a real headless Chromium: it connects to a running
 * Causality's management address, shows the routes with their step ids, and counts the exchanges
 * of events posted meanwhile. Leaves a screenshot of the routes view in target/hawtio-routes.png
 * (the README's is docs/hawtio-routes.png).
 */
class HawtioIT {

    static final List<String> ROUTES = List.of("ingest-event", "ingest-batch", "warehouse-sink", "write-batch");
    static final Duration WAIT = Duration.ofSeconds(90);
    static final String EVENT = "{\"event\":{\"appId\":\"shop\",\"deviceId\":\"d\",\"screenView\":{\"screenName\":\"home\"}}}";

    @Test
    void hawtioShowsCausalitysRoutesStepsAndCounts() throws Exception {
        try (NatsServer nats = NatsServer.started();
             CausalityApp app = CausalityApp.start(nats.url(), Map.of("batch.flush-interval", "1s"));
             HawtioServer hawtio = HawtioServer.start(app.managementUrl())) {
            ChromeDriver browser = HeadlessChromium.start();
            try {
                browser.get(hawtio.causalityUrl());
                // the tree of the Camel plugin: the context, its routes
                await("Hawtio lists the routes").atMost(WAIT).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                        .until(() -> treeNode(browser, "ingest-event") != null);
                treeNode(browser, "routes").click();
                clickButton(browser, "Expand all");
                // every step an operator cares about carries an id, and Hawtio shows it
                for (String route : ROUTES) {
                    for (String step : stepIds(app, route)) {
                        await(route + " step " + step + " in the tree").atMost(WAIT).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                                .until(() -> !browser.findElements(By.xpath("//button[contains(@class,'tree-view__node-text')"
                                        + " and starts-with(normalize-space(), '" + step + ":')]")).isEmpty());
                    }
                }
                // the Routes table counts what ingest-event completed, and the count moves as events arrive
                await("the routes table").atMost(WAIT).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                        .until(() -> completed(browser, "ingest-event") >= 0 && completed(browser, "write-batch") >= 0);
                long before = completed(browser, "ingest-event");
                for (int i = 0; i < 5; i++) {
                    assertEquals(200, app.http().postJson("/v1/events/ingest", EVENT).status());
                }
                // Hawtio refreshes the table by itself every few seconds
                await("ingest-event's completed exchanges go up in Hawtio").atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                        .ignoreExceptions().until(() -> completed(browser, "ingest-event") >= before + 5);
                await("the sink wrote the batch").atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                        .ignoreExceptions().until(() -> completed(browser, "write-batch") >= 1);
                screenshot(browser, "hawtio-routes.png");
                String page = browser.findElement(By.tagName("body")).getText();
                for (String route : ROUTES) {
                    assertTrue(page.contains(route), route + " on the page");
                }
            } catch (RuntimeException | AssertionError e) {
                screenshot(browser, "hawtio-failure.png");
                throw e;
            } finally {
                browser.quit();
            }
        }
    }

    private static void screenshot(ChromeDriver browser, String name) throws java.io.IOException {
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), Path.of("target", name),
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** The ids given in YAML to the route's steps (its input included), as Hawtio labels them. */
    private static List<String> stepIds(CausalityApp app, String routeId) {
        RouteDefinition route = app.context().getCamelContextExtension().getContextPlugin(Model.class)
                .getRouteDefinition(routeId);
        List<String> ids = new ArrayList<>();
        if (route.getInput().hasCustomIdAssigned()) {
            ids.add(route.getInput().getId());
        }
        for (ProcessorDefinition<?> step : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(),
                ProcessorDefinition.class)) {
            if (step.hasCustomIdAssigned()) {
                ids.add(step.getId());
            }
        }
        assertTrue(ids.size() >= 3, routeId + " has its steps named: " + ids);
        return ids;
    }

    private static WebElement treeNode(ChromeDriver browser, String text) {
        List<WebElement> nodes = browser.findElements(By.xpath(
                "//button[contains(@class,'tree-view__node-text') and normalize-space()='" + text + "']"));
        return nodes.isEmpty() ? null : nodes.get(0);
    }

    private static void clickButton(ChromeDriver browser, String text) {
        await(text).atMost(WAIT).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            browser.findElement(By.xpath("//button[normalize-space()='" + text + "']")).click();
            return true;
        });
    }

    /** The Completed column of the route's row in Hawtio's Routes table. */
    private static long completed(ChromeDriver browser, String routeId) {
        WebElement table = browser.findElement(By.xpath("//table[.//th[normalize-space()='Completed']]"));
        List<String> headers = table.findElements(By.xpath(".//thead//th")).stream().map(WebElement::getText)
                .map(String::trim).toList();
        WebElement row = table.findElement(By.xpath(".//tbody/tr[td[normalize-space()='" + routeId + "']]"));
        List<WebElement> cells = row.findElements(By.xpath("./td"));
        return Long.parseLong(cells.get(headers.indexOf("Completed")).getText().trim());
    }
}
