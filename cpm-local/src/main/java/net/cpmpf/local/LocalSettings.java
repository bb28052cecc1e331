package net.cpmpf.local;

/**
 * Where the local stack's infrastructure listens. Read from system properties ({@code -Dcpm.local.kafka-port=…});
 * the services' own settings are passed as {@code --name=value} arguments and reach every service.
 */
record LocalSettings(String host, int kafkaPort, int kafkaControllerPort, int redisPort, int imapPort) {

    static LocalSettings fromSystemProperties() {
        return new LocalSettings(
                System.getProperty("cpm.local.host", "127.0.0.1"),
                Integer.getInteger("cpm.local.kafka-port", 9092),
                Integer.getInteger("cpm.local.kafka-controller-port", 9093),
                Integer.getInteger("cpm.local.redis-port", 6379),
                Integer.getInteger("cpm.local.imap-port", 3143));
    }
}
