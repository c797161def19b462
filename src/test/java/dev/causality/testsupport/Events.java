package dev.causality.testsupport;

import dev.causality.proto.v1.AddToCart;
import dev.causality.proto.v1.ButtonTap;
import dev.causality.proto.v1.CustomEvent;
import dev.causality.proto.v1.DeviceContext;
import dev.causality.proto.v1.EventEnvelope;
import dev.causality.proto.v1.NetworkType;
import dev.causality.proto.v1.Platform;
import dev.causality.proto.v1.PurchaseComplete;
import dev.causality.proto.v1.PurchaseItem;
import dev.causality.proto.v1.ScreenView;

/** Valid sample events of several payload types. */
public final class Events {

    private Events() {
    }

    public static DeviceContext iphone() {
        return DeviceContext.newBuilder()
                .setPlatform(Platform.PLATFORM_IOS).setOsVersion("17.4").setAppVersion("2.3.1")
                .setBuildNumber("231").setDeviceModel("iPhone15,2").setManufacturer("Apple")
                .setScreenWidth(1179).setScreenHeight(2556).setLocale("en_GB").setTimezone("Europe/London")
                .setNetworkType(NetworkType.NETWORK_TYPE_WIFI).setCarrier("EE").setSdkVersion("1.4.0")
                .build();
    }

    public static EventEnvelope screenView(String appId, String deviceId, String screen) {
        return EventEnvelope.newBuilder().setAppId(appId).setDeviceId(deviceId)
                .setDeviceContext(iphone())
                .setScreenView(ScreenView.newBuilder().setScreenName(screen).putParams("tab", "home"))
                .build();
    }

    public static EventEnvelope buttonTap(String appId, String deviceId) {
        return EventEnvelope.newBuilder().setAppId(appId).setDeviceId(deviceId)
                .setButtonTap(ButtonTap.newBuilder().setButtonId("buy").setScreenName("product"))
                .build();
    }

    public static EventEnvelope addToCart(String appId, String deviceId) {
        return EventEnvelope.newBuilder().setAppId(appId).setDeviceId(deviceId)
                .setAddToCart(AddToCart.newBuilder().setProductId("sku-1").setQuantity(2).setPriceCents(1999)
                        .setCurrency("EUR"))
                .build();
    }

    public static EventEnvelope purchase(String appId, String deviceId) {
        return EventEnvelope.newBuilder().setAppId(appId).setDeviceId(deviceId)
                .setPurchaseComplete(PurchaseComplete.newBuilder().setOrderId("o-1").setTotalCents(3998)
                        .setCurrency("EUR").addItems(PurchaseItem.newBuilder().setProductId("sku-1").setQuantity(2)))
                .build();
    }

    public static EventEnvelope custom(String appId, String deviceId, String name) {
        return EventEnvelope.newBuilder().setAppId(appId).setDeviceId(deviceId)
                .setCustomEvent(CustomEvent.newBuilder().setEventName(name).putIntParams("level", 3)
                        .putStringParams("mode", "hard"))
                .build();
    }
}
