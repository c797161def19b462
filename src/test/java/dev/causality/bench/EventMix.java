package dev.causality.bench;

import dev.causality.event.Enricher;
import dev.causality.event.Subjects;
import dev.causality.proto.v1.AddToCart;
import dev.causality.proto.v1.AppBackground;
import dev.causality.proto.v1.AppForeground;
import dev.causality.proto.v1.AppStart;
import dev.causality.proto.v1.ButtonTap;
import dev.causality.proto.v1.Coordinates;
import dev.causality.proto.v1.CustomEvent;
import dev.causality.proto.v1.DeviceContext;
import dev.causality.proto.v1.EventEnvelope;
import dev.causality.proto.v1.IngestEventBatchRequest;
import dev.causality.proto.v1.IngestEventRequest;
import dev.causality.proto.v1.NetworkType;
import dev.causality.proto.v1.Platform;
import dev.causality.proto.v1.ProductView;
import dev.causality.proto.v1.PurchaseComplete;
import dev.causality.proto.v1.PurchaseItem;
import dev.causality.proto.v1.ScreenView;
import dev.causality.proto.v1.ScrollEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The payload mix of a real app (no client ids: the server assigns a fresh UUIDv7 to every event,
 * so replaying the same encoded bodies never hits JetStream's dedup), generated once and encoded up front so the load generator is
 * never the bottleneck: mostly screen views and taps, some commerce and system events, custom
 * events with params; three apps, a thousand devices, timestamps over the last three hours.
 */
public final class EventMix {

    static final List<String> APPS = List.of("shop", "news", "game");
    private static final String[] SCREENS = {"home", "search", "product", "cart", "checkout", "profile", "settings"};

    private final Random random = new Random(7);
    private final List<DeviceContext> devices = new ArrayList<>();
    private final long now = System.currentTimeMillis();

    public EventMix() {
        for (int i = 0; i < 1000; i++) {
            boolean ios = random.nextBoolean();
            devices.add(DeviceContext.newBuilder()
                    .setPlatform(ios ? Platform.PLATFORM_IOS : Platform.PLATFORM_ANDROID)
                    .setOsVersion(ios ? "17." + random.nextInt(5) : "14")
                    .setAppVersion("3." + random.nextInt(4) + ".0").setBuildNumber("30" + random.nextInt(9))
                    .setDeviceModel(ios ? "iPhone15,2" : "Pixel 8").setManufacturer(ios ? "Apple" : "Google")
                    .setScreenWidth(1080).setScreenHeight(2400).setLocale("en_US").setTimezone("America/New_York")
                    .setNetworkType(random.nextInt(3) == 0 ? NetworkType.NETWORK_TYPE_CELLULAR_5G : NetworkType.NETWORK_TYPE_WIFI)
                    .setSdkVersion("2.1.0").build());
        }
    }

    public EventEnvelope next() {
        int device = random.nextInt(devices.size());
        EventEnvelope.Builder event = EventEnvelope.newBuilder()
                .setAppId(APPS.get(device % APPS.size()))
                .setDeviceId("device-" + device)
                .setTimestampMs(now - random.nextInt(3 * 3600 * 1000))
                .setDeviceContext(devices.get(device));
        String screen = SCREENS[random.nextInt(SCREENS.length)];
        int dice = random.nextInt(100);
        if (dice < 40) {
            event.setScreenView(ScreenView.newBuilder().setScreenName(screen).setPreviousScreen("home")
                    .putParams("source", "tab_bar"));
        } else if (dice < 65) {
            event.setButtonTap(ButtonTap.newBuilder().setButtonId("btn_" + random.nextInt(30)).setScreenName(screen)
                    .setCoordinates(Coordinates.newBuilder().setX(random.nextFloat() * 1080).setY(random.nextFloat() * 2400)));
        } else if (dice < 73) {
            event.setScrollEvent(ScrollEvent.newBuilder().setScreenName(screen).setScrollDepthPercent(random.nextInt(101)));
        } else if (dice < 80) {
            event.setProductView(ProductView.newBuilder().setProductId("sku-" + random.nextInt(500))
                    .setProductName("Product").setCategory("shoes").setPriceCents(1999).setCurrency("USD"));
        } else if (dice < 84) {
            event.setAddToCart(AddToCart.newBuilder().setProductId("sku-" + random.nextInt(500)).setQuantity(1)
                    .setPriceCents(1999).setCurrency("USD").setCartId("cart-" + device));
        } else if (dice < 85) {
            event.setPurchaseComplete(PurchaseComplete.newBuilder().setOrderId("order-" + random.nextInt(1 << 20))
                    .setCartId("cart-" + device).setItemCount(2).setTotalCents(3998).setCurrency("USD")
                    .setPaymentMethod("card").addItems(PurchaseItem.newBuilder().setProductId("sku-1").setQuantity(2)));
        } else if (dice < 91) {
            switch (random.nextInt(3)) {
                case 0 -> event.setAppStart(AppStart.newBuilder().setIsColdStart(true).setLaunchDurationMs(850));
                case 1 -> event.setAppBackground(AppBackground.newBuilder().setForegroundDurationMs(120_000).setCurrentScreen(screen));
                default -> event.setAppForeground(AppForeground.newBuilder().setBackgroundDurationMs(30_000).setResumeScreen(screen));
            }
        } else {
            event.setCustomEvent(CustomEvent.newBuilder().setEventName("level_complete")
                    .putStringParams("level_name", "castle").putIntParams("level", random.nextInt(50))
                    .putFloatParams("score", random.nextDouble() * 1000).putBoolParams("first_try", random.nextBoolean()));
        }
        return event.build();
    }

    List<EventEnvelope> events(int count) {
        List<EventEnvelope> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(next());
        }
        return events;
    }

    /** Encoded batch request bodies of {@code size} events each. */
    List<byte[]> batchBodies(int bodies, int size) {
        List<byte[]> out = new ArrayList<>(bodies);
        for (int i = 0; i < bodies; i++) {
            out.add(IngestEventBatchRequest.newBuilder().addAllEvents(events(size)).build().toByteArray());
        }
        return out;
    }

    List<byte[]> singleBodies(int bodies) {
        List<byte[]> out = new ArrayList<>(bodies);
        for (EventEnvelope event : events(bodies)) {
            out.add(IngestEventRequest.newBuilder().setEvent(event).build().toByteArray());
        }
        return out;
    }

    /** Events as the collector stores them: enriched, with their subject and dedup id. */
    record Stored(String subject, String messageId, byte[] body) {
    }

    List<Stored> stored(int count) {
        List<Stored> out = new ArrayList<>(count);
        for (EventEnvelope event : events(count)) {
            EventEnvelope enriched = Enricher.enrich(event, now);
            out.add(new Stored(Subjects.of(enriched), Enricher.dedupKey(enriched), enriched.toByteArray()));
        }
        return out;
    }
}
