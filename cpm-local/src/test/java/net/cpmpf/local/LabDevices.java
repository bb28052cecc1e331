package net.cpmpf.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * CPM clients of one user, each a SIPp UAS answering as its scenario says, registered in lab mode (and removed
 * again on close) once they listen.
 */
final class LabDevices implements AutoCloseable {

    private static final String SIP = "127.0.0.1:5060";

    private final String user;
    private final String transport;
    private final List<Process> uas = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private boolean checked;

    private LabDevices(String user, String transport) {
        this.user = user;
        this.transport = transport;
    }

    /** @param scenarios one device per scenario, which says how it answers (one message, over UDP) */
    static LabDevices of(String user, String... scenarios) throws Exception {
        return of(user, "udp", 1, scenarios);
    }

    /**
     * @param transport {@code udp} or {@code tcp}: the device listens on it and registers a Contact with it
     * @param messages how many messages each device takes before its SIPp ends
     */
    static LabDevices of(String user, String transport, int messages, String... scenarios) throws Exception {
        var devices = new LabDevices(user, transport);
        for (String scenario : scenarios) {
            int port = freePort(transport);
            devices.ports.add(port);
            // Traced, so that a test can read what a device received (target/sipp/<scenario>_<pid>_messages.log).
            devices.uas.add(Sipp.start(
                    scenario,
                    transport.equals("tcp") ? "t1" : "u1",
                    null,
                    messages,
                    "-p",
                    Integer.toString(port),
                    "-trace_msg"));
        }
        for (int i = 0; i < devices.ports.size(); i++) {
            devices.register(i, 600);
        }
        devices.awaitRegistered(scenarios.length);
        return devices;
    }

    /** Waits until the GRUU cache holds this many of the user's contacts. */
    void awaitRegistered(int count) {
        Awaitility.await(count + " of " + user + "'s devices in the GRUU cache")
                .atMost(Duration.ofSeconds(15))
                .until(() -> registrations(user).split("\"publicGruu\"", -1).length - 1 == count);
    }

    /** Removes the device's registration (its SIPp stays up), as a client going offline does. */
    void deregister(int device) throws Exception {
        register(device, 0);
    }

    /** The device's SIPp, e.g. for its pid (the name of its message trace). */
    Process device(int device) {
        return uas.get(device);
    }

    /** Registers the device again, as a client refreshing its registration does. */
    void reregister(int device) throws Exception {
        register(device, 600);
    }

    private void register(int device, int expires) throws Exception {
        var result = Sipp.run(
                "device-register.xml",
                "u1",
                SIP,
                1,
                "-key",
                "user",
                user,
                "-key",
                "instance",
                String.format("00000000-0000-1000-8000-%012d", ports.get(device)),
                "-key",
                "device_port",
                Integer.toString(ports.get(device)),
                "-key",
                "device_transport",
                transport,
                "-key",
                "expires",
                Integer.toString(expires));
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    void assertEachReceivedTheMessage() throws Exception {
        checked = true;
        for (Process device : uas) {
            var result = Sipp.finish(device);
            assertThat(result.exitCode()).as(result.output()).isZero();
        }
    }

    @Override
    public void close() throws Exception {
        if (!checked) {
            uas.forEach(Process::destroyForcibly);
        }
        for (int i = 0; i < ports.size(); i++) {
            register(i, 0);
        }
    }

    static String registrations(String user) throws Exception {
        var response = LocalStackProcess.http(
                "GET", "http://127.0.0.1:8082/api/v1/users/sip%3A" + user + "%40example.com/registrations", null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    static void preferences(String user, String json) throws Exception {
        var response = LocalStackProcess.http(
                "PUT",
                "http://127.0.0.1:8081/api/v1/users/sip%3A" + user + "%40example.com/preferences",
                "application/json",
                json);
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 204);
    }

    /** A port free on {@code transport}, where the device's SIPp will listen. */
    static int freePort(String transport) throws IOException {
        if (transport.equals("tcp")) {
            try (var socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }
        try (var socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
