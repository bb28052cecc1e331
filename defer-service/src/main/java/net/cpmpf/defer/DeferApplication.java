package net.cpmpf.defer;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Keeps deferred messages durably and delivers them when a client registers. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DeferApplication {

    public static final String NAME = "defer-service";

    /** Reads {@code defer-service.yml}, so that all services can share one classpath in the local stack. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(DeferApplication.class)
                .main(DeferApplication.class)
                .properties("spring.config.name=" + NAME);
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
