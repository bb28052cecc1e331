package net.cpmpf.sipedge.largemessage;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The load generator of {@code bench/msrp} (not a test): hosts the broker the edge under test uses, then, for every
 * case (target × message size × chunk size × concurrent sessions), sends one message per session and reports one
 * {@code RESULT {json}} line: wall time from the first chunk to the last success REPORT, MB/s, per-chunk latency
 * (write → 200) percentiles, CPU seconds of the relay under test (the edge JVM or Kamailio, read from /proc), and
 * whether every receiver got the bytes exactly. Protocol with the driver: prints {@code READY kafka=host:port}, reads
 * {@code EDGE <pid> <sip-port>} (or {@code EDGE none}), runs, prints {@code DONE}; or {@code FATAL <reason>} and exits.
 *
 * <p>Arguments ({@code --name=value}): {@code targets} (direct,kamailio,edge), {@code sizes-mb}, {@code chunks}
 * (bytes), {@code sessions}, {@code window} (chunks unanswered per sender), {@code warmup-mb}, {@code case-timeout}
 * (seconds), {@code kamailio-max-chunk} (bytes; larger chunks are not tried through Kamailio, whose frames are
 * limited to 10,240 bytes of body).
 */
public final class MsrpBench {

    /** USER_HZ, the unit of /proc/<pid>/stat times: 100 on every Linux this runs on. */
    private static final long CLOCK_TICKS = 100;

    private MsrpBench() {}

    public static void main(String[] argv) {
        try {
            run(argv);
            System.out.println("DONE");
            System.exit(0);
        } catch (Throwable e) {
            // The broker's threads would keep the JVM alive: say why and leave.
            System.out.println("FATAL " + e);
            e.printStackTrace(System.out);
            System.exit(2);
        }
    }

    private static void run(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>(Map.of(
                "targets", "direct,kamailio,edge",
                "sizes-mb", "1,5,20",
                "chunks", "8192,65536,262144",
                "sessions", "1,4",
                "window", "16",
                "warmup-mb", "20",
                "case-timeout", "120",
                "kamailio-max-chunk", "8192"));
        for (String arg : argv) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            args.put(kv[0], kv[1]);
        }
        var broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
        System.out.println("READY kafka=" + broker.getBrokersAsString());
        System.out.flush();
        String[] edge =
                new BufferedReader(new InputStreamReader(System.in)).readLine().split(" ");
        long edgePid = edge[1].equals("none") ? -1 : Long.parseLong(edge[1]);
        int edgeSip = edgePid < 0 ? 0 : Integer.parseInt(edge[2]);
        List<String> targets = List.of(args.get("targets").split(","));
        if (edgePid < 0 && targets.contains("edge")) {
            throw new IllegalArgumentException("target edge without an edge");
        }
        var group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        KamailioMsrpRelay kamailio = targets.contains("kamailio") ? KamailioMsrpRelay.start(true) : null;
        if (kamailio != null) {
            // Stopped by the driver with SIGTERM: Kamailio, a separate process, must not outlive this one.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopQuietly(kamailio)));
        }
        try (var reach = new BenchTargets(group, kamailio, edgeSip, broker.getBrokersAsString())) {
            var bench = new MsrpBench();
            int timeout = Integer.parseInt(args.get("case-timeout"));
            int window = Integer.parseInt(args.get("window"));
            int warmup = Integer.parseInt(args.get("warmup-mb"));
            Map<String, Supplier<Double>> cpu = new HashMap<>();
            cpu.put("direct", () -> 0.0);
            cpu.put("edge", () -> cpuSeconds(List.of(edgePid)));
            if (kamailio != null) {
                cpu.put(
                        "kamailio",
                        () -> cpuSeconds(kamailio.processes().stream()
                                .map(ProcessHandle::pid)
                                .toList()));
            }
            if (warmup > 0) {
                for (String target : targets) {
                    bench.measure(
                            reach,
                            target,
                            warmup,
                            Math.min(65536, max(args, target)),
                            1,
                            window,
                            timeout,
                            cpu.get(target),
                            true);
                }
            }
            for (String size : args.get("sizes-mb").split(",")) {
                for (String chunk : args.get("chunks").split(",")) {
                    for (String sessions : args.get("sessions").split(",")) {
                        for (String target : targets) {
                            if (Integer.parseInt(chunk) > max(args, target)) {
                                continue;
                            }
                            bench.measure(
                                    reach,
                                    target,
                                    Integer.parseInt(size),
                                    Integer.parseInt(chunk),
                                    Integer.parseInt(sessions),
                                    window,
                                    timeout,
                                    cpu.get(target),
                                    false);
                        }
                    }
                }
            }
        } finally {
            if (kamailio != null) {
                stopQuietly(kamailio);
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            broker.destroy();
        }
    }

    private static int max(Map<String, String> args, String target) {
        return target.equals("kamailio") ? Integer.parseInt(args.get("kamailio-max-chunk")) : Integer.MAX_VALUE;
    }

    private void measure(
            BenchTargets reach,
            String target,
            int sizeMb,
            int chunk,
            int sessions,
            int window,
            int timeoutSeconds,
            Supplier<Double> cpu,
            boolean warmup) {
        byte[] content = new byte[sizeMb * 1024 * 1024];
        new Random(sizeMb * 31L + chunk).nextBytes(content);
        List<BenchTargets.Leg> legs = new ArrayList<>();
        String error = null;
        double seconds = 0;
        double cpuSeconds = 0;
        long[] latencies = new long[0];
        try {
            for (int i = 0; i < sessions; i++) {
                legs.add(reach.leg(target, i, content, chunk, window));
            }
            double cpu0 = cpu.get();
            long start = System.nanoTime();
            legs.forEach(leg -> leg.sender().start(leg.toPath()));
            long end = start;
            for (var leg : legs) {
                end = Math.max(end, leg.sender().reported.get(timeoutSeconds, TimeUnit.SECONDS));
            }
            seconds = (end - start) / 1e9;
            cpuSeconds = cpu.get() - cpu0;
            for (var leg : legs) {
                if (leg.sender().failure() != null) {
                    error = leg.sender().failure();
                } else if (!Arrays.equals(leg.receiver().received.toByteArray(), content)) {
                    error = "bytes received differ from bytes sent";
                }
            }
            latencies = legs.stream()
                    .flatMapToLong(l -> Arrays.stream(l.sender().latencies))
                    .sorted()
                    .toArray();
        } catch (Exception e) {
            error = e.toString();
        } finally {
            for (var leg : legs) {
                close(leg.session());
                leg.sender().close();
                leg.receiver().close();
            }
        }
        double mb = sizeMb * (double) sessions;
        String json = String.format(
                Locale.ROOT,
                "{\"target\":\"%s\",\"size_mb\":%d,\"chunk\":%d,\"sessions\":%d,\"window\":%d,\"warmup\":%b,"
                        + "\"ok\":%b,\"error\":%s,\"seconds\":%.3f,\"mb_per_s\":%.1f,\"lat_p50_ms\":%.2f,"
                        + "\"lat_p99_ms\":%.2f,\"lat_max_ms\":%.2f,\"cpu_s\":%.2f,\"cpu_s_per_mb\":%.4f}",
                target,
                sizeMb,
                chunk,
                sessions,
                window,
                warmup,
                error == null,
                error == null ? "null" : "\"" + error.replace("\"", "'") + "\"",
                seconds,
                seconds > 0 ? mb / seconds : 0,
                percentile(latencies, 0.50),
                percentile(latencies, 0.99),
                percentile(latencies, 1.0),
                cpuSeconds,
                cpuSeconds / mb);
        System.out.println("RESULT " + json);
        System.out.flush();
    }

    private static void stopQuietly(KamailioMsrpRelay kamailio) {
        try {
            kamailio.close();
        } catch (Exception e) {
            System.out.println("WARN stopping Kamailio: " + e);
        }
    }

    private static void close(AutoCloseable session) {
        try {
            session.close();
        } catch (Exception e) {
            System.out.println("WARN ending a session: " + e);
        }
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    /** utime + stime of the processes (proc(5) fields 14 and 15), in seconds. */
    static double cpuSeconds(List<Long> pids) {
        long ticks = 0;
        for (long pid : pids) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (Exception gone) {
                // a process that ended has nothing more to count
            }
        }
        return ticks / (double) CLOCK_TICKS;
    }
}
