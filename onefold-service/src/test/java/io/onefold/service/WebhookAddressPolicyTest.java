package io.onefold.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onefold.core.error.ValidationException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which addresses a webhook may reach: public ones, unless the operator allows private ones or lists networks. */
class WebhookAddressPolicyTest {

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    /** A policy whose DNS answers every host with {@code address}. */
    private static WebhookAddressPolicy resolvingTo(String address, boolean allowPrivate, List<String> allowed) {
        return new WebhookAddressPolicy(allowPrivate, allowed, host -> List.of(ip(address)));
    }

    @Test
    void everyNonPublicKindOfAddressIsRecognized_inEveryNotation() {
        for (String address : List.of("127.0.0.1", "127.255.0.9", "::1", "169.254.169.254", "fe80::1", "10.1.2.3", "172.16.0.1", "172.31.255.255",
                "192.168.1.1", "fd00:ec2::254", "fc00::1", "fec0::1", "100.64.0.1", "0.0.0.0", "::", "192.0.0.170", "198.18.0.1", "224.0.0.1",
                "255.255.255.255", "ff02::1", "::ffff:127.0.0.1", "::127.0.0.1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::1", "2002:c0a8:101::")) {
            assertThat(WebhookAddressPolicy.nonPublicKind(ip(address))).as(address).isNotNull();
        }
        for (String address : List.of("93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "203.0.113.10", "2606:4700:4700::1111", "64:ff9b::808:808")) {
            assertThat(WebhookAddressPolicy.nonPublicKind(ip(address))).as(address).isNull();
        }
    }

    @Test
    void aSubscriptionToAPrivateAddressIsRefusedNamingUrlAndTheKindOfAddress() {
        WebhookAddressPolicy policy = resolvingTo("169.254.169.254", false, List.of());
        assertThatThrownBy(() -> policy.checkSubscription(URI.create("http://metadata.internal/latest")))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.details()).singleElement().satisfies(v -> assertThat(v.field()).isEqualTo("url"));
                    assertThat(e.details().get(0).reason()).contains("link-local", "--webhooks-allow-private");
                });
        assertThat(resolvingTo("93.184.216.34", false, List.of()).refusal(URI.create("https://hooks.example.com/x"))).isNull();
    }

    @Test
    void aHostWithOnePrivateAddressAmongPublicOnesIsRefused() {
        WebhookAddressPolicy policy = new WebhookAddressPolicy(false, List.of(), host -> List.of(ip("93.184.216.34"), ip("10.0.0.7")));
        assertThat(policy.refusal(URI.create("https://mixed.example.com/"))).contains("private");
    }

    @Test
    void anUnresolvableHostIsRefused() {
        WebhookAddressPolicy policy = new WebhookAddressPolicy(false, List.of(), host -> {
            throw new UnknownHostException(host);
        });
        assertThat(policy.refusal(URI.create("https://nowhere.invalid/"))).contains("does not resolve");
    }

    @Test
    void theOperatorMayAllowPrivateAddressesOrListNetworks() {
        assertThat(resolvingTo("127.0.0.1", true, List.of()).refusal(URI.create("http://localhost:9/hook"))).isNull();
        WebhookAddressPolicy listed = resolvingTo("10.20.3.4", false, List.of("10.20.0.0/16"));
        assertThat(listed.refusal(URI.create("http://receiver.corp/hook"))).isNull();
        assertThat(resolvingTo("10.21.0.1", false, List.of("10.20.0.0/16")).refusal(URI.create("http://other.corp/hook"))).contains("private");
        assertThatThrownBy(() -> new WebhookAddressPolicy(false, List.of("10.20.0.0"), WebhookAddressPolicy.SYSTEM_RESOLVER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CIDR");
    }

    @Test
    void anIpv6LiteralIsResolvedWithoutItsBrackets() {
        WebhookAddressPolicy policy = WebhookAddressPolicy.publicOnly();
        assertThat(policy.refusal(URI.create("http://[::1]:8080/hook"))).contains("loopback");
        assertThat(policy.refusal(URI.create("http://[::ffff:7f00:1]/hook"))).contains("loopback");
    }
}
