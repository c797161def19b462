package dev.causality;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HttpAddressTest {

    @Test
    void parsesBothForms() {
        assertEquals(new HttpAddress("0.0.0.0", 8080), HttpAddress.parse(":8080"));
        assertEquals(new HttpAddress("127.0.0.1", 9000), HttpAddress.parse("127.0.0.1:9000"));
        assertEquals(new HttpAddress("::1", 80), HttpAddress.parse("[::1]:80"));
    }

    @Test
    void refusesNonsenseWithTheSettingsName() {
        for (String bad : new String[] {"8080", "host:", "host:http", ":70000", ""}) {
            var e = assertThrows(IllegalArgumentException.class, () -> HttpAddress.parse(bad));
            assertEquals(true, e.getMessage().contains("HTTP_ADDR"), e.getMessage());
        }
    }
}
