package net.cpmpf.delivery;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Delivers messages to the user's clients: registration/GRUU cache, fork plans, outcomes, history and message store. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DeliveryApplication {

    public static final String NAME = "delivery-service";

    /** Reads {@code delivery-service.yml}, so that all services can share one classpath in the local stack. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(DeliveryApplication.class)
                .main(DeliveryApplication.class)
                .properties("spring.config.name=" + NAME);
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
