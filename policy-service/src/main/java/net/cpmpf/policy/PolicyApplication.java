package net.cpmpf.policy;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Decides what happens to each inbound message: access policy, service-provider policy, user preferences. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PolicyApplication {

    public static final String NAME = "policy-service";

    /** Reads {@code policy-service.yml}, so that all services can share one classpath in the local stack. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(PolicyApplication.class)
                .main(PolicyApplication.class)
                .properties("spring.config.name=" + NAME);
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
