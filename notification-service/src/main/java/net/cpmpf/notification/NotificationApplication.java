package net.cpmpf.notification;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Builds deferred-message notifications (system messages) for the user or the interworking function. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NotificationApplication {

    public static final String NAME = "notification-service";

    /** Reads {@code notification-service.yml}, so that all services can share one classpath in the local stack. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(NotificationApplication.class)
                .main(NotificationApplication.class)
                .properties("spring.config.name=" + NAME);
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
