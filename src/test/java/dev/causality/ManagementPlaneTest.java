package dev.causality;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManagementPlaneTest {

    @Test
    void defaultsToLoopbackWithoutCredentials() {
        ManagementPlane plane = ManagementPlane.configured(Map.of("management.addr", ManagementPlane.DEFAULT_ADDR));
        assertEquals(new HttpAddress("127.0.0.1", 9876), plane.address());
        Map<String, String> properties = plane.camelProperties();
        assertEquals("127.0.0.1", properties.get("camel.management.host"));
        assertEquals("9876", properties.get("camel.management.port"));
        assertNull(properties.get("camel.management.authentication-enabled"));
    }

    @Test
    void refusesAnAddressOffLoopbackWithoutCredentials() {
        for (String addr : new String[] {":9876", "0.0.0.0:9876"}) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> ManagementPlane.configured(Map.of("management.addr", addr)));
            assertTrue(e.getMessage().contains("MANAGEMENT_USER"), e.getMessage());
        }
        assertTrue(ManagementPlane.isLoopback("localhost"));
        assertTrue(ManagementPlane.isLoopback("::1"));
        assertFalse(ManagementPlane.isLoopback("0.0.0.0"));
    }

    @Test
    void refusesHalfOrUnusableCredentials() {
        HttpAddress any = HttpAddress.parse(":9876");
        assertThrows(IllegalArgumentException.class, () -> new ManagementPlane(any, "ops", null));
        assertThrows(IllegalArgumentException.class, () -> new ManagementPlane(any, null, "secret"));
        assertThrows(IllegalArgumentException.class, () -> new ManagementPlane(any, "ops", "a,b"));
        assertThrows(IllegalArgumentException.class, () -> new ManagementPlane(any, "o:ps", "secret"));
        var e = assertThrows(IllegalArgumentException.class, () -> new ManagementPlane(any, "ops", " secret"));
        assertFalse(e.getMessage().contains("secret"), "the password is never echoed");
    }

    @Test
    void credentialsGoToAnOwnerOnlyUsersFileNotToCamelProperties() throws Exception {
        ManagementPlane plane = new ManagementPlane(HttpAddress.parse(":9876"), "ops", "Pa55-w0rd!");
        Map<String, String> properties = plane.camelProperties();
        assertEquals("true", properties.get("camel.management.authentication-enabled"));
        assertFalse(properties.toString().contains("Pa55-w0rd!"), properties.toString());
        assertFalse(plane.toString().contains("Pa55-w0rd!"), plane.toString());
        Path users = Path.of(properties.get("camel.management.basic-properties-file"));
        assertEquals("user.ops=Pa55-w0rd!,operator\n", Files.readString(users));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(users)));
    }
}
